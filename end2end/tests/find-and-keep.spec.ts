import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, signInAndWait } from './helpers';
import { WCAG } from './public-helpers';
import { TIMEOUT } from '../playwright.config';

// Issue 9: find anything from every page (the header's search box, its keyboard shortcuts and
// the results page, with and without JavaScript), and a timeout that never loses a keystroke
// (the warning before it, "Stay signed in", and signing in again back to the page with the
// draft put back). Demo data: server/src/demo.rs and demo_workflow.rs.

const searchBox = (page: Page) => page.locator('#fd-find-q');

/** WCAG 2.2 AA (axe) on the parts of the page this issue added. */
async function expectAccessible(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).include(selector).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(found, `axe on ${selector}`).toEqual([]);
}

test('the header search finds a child by a misspelt name and a contact by its reference', async ({ page }) => {
  await signInAndWait(page, 'rao');
  // "/" from anywhere that is not a field goes to the search box.
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('Eva Tomson');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/staff\/search\?q=Eva(\+|%20)Tomson/);
  await hydrated(page);
  const people = page.getByTestId('search-people');
  await expect(people.getByRole('link', { name: 'Ava Thompson' })).toBeVisible();
  await expectAccessible(page, '.fd-find');
  await expectAccessible(page, '#main-content');

  // Ctrl+K works even from inside a field; the reference may be typed in any case.
  await page.locator('#search-page-q').click();
  await page.keyboard.press('Control+k');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('c-100001');
  await page.keyboard.press('Enter');
  await hydrated(page);
  const contacts = page.getByTestId('search-contacts');
  await expect(contacts).toContainText('Ava Thompson');
  await contacts.getByRole('link', { name: 'Contact C-100001' }).click();
  // Other tests may have moved the demo contact off the RAO's worklists: then, as for any record
  // outside them, the usual reason is asked for first.
  const heading = page.getByTestId('record-heading');
  const reason = page.getByLabel('Why do you need to open this record?');
  await expect(heading.or(reason)).toBeVisible();
  if (await reason.isVisible()) {
    await hydrated(page);
    await reason.fill('Checking the contact a caller mentioned');
    await page.getByRole('button', { name: 'Open the record' }).click();
  }
  await expect(heading).toHaveText('C-100001');
  await hydrated(page);
  await expect(page.getByTestId('print-page')).toBeVisible();
  // On paper: the record and who printed it when, without the header, search or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.govuk-generic-header')).toBeHidden();
  await expect(searchBox(page)).toBeHidden();
  await expect(page.getByTestId('print-page')).toBeHidden();
  await expect(page.getByTestId('record-heading')).toBeVisible();
  await expect(page.getByTestId('print-stamp')).toContainText(/Printed by Priya Nair from Children's Front Door on \d+ \w+ \d{4} at/);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('print-stamp')).toBeHidden();

  // Staff are found by everyone signed in.
  await searchBox(page).fill('marcus');
  await searchBox(page).press('Enter');
  await expect(page.getByTestId('search-staff')).toContainText('Marcus Hale');
  await expect(page.getByTestId('search-staff')).toContainText('Team Manager');

  // "/" is a one-key shortcut, so it can be turned off (WCAG 2.1.4), and on again.
  await hydrated(page);
  const toggle = page.getByTestId('slash-shortcut-toggle');
  await toggle.click();
  await expect(toggle).toHaveText('Turn on the / shortcut');
  await page.keyboard.press('/');
  await expect(searchBox(page)).not.toBeFocused();
  await toggle.click();
  await expect(toggle).toHaveText('Turn off the / shortcut');
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
});

test('an administrator finds staff but no case records', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await searchBox(page).fill('C-100001');
  await searchBox(page).press('Enter');
  await expect(page.getByTestId('search-no-case-records')).toBeVisible();
  await expect(page.getByTestId('search-contacts')).toHaveCount(0);
  await searchBox(page).fill('priya');
  await searchBox(page).press('Enter');
  await expect(page.getByTestId('search-staff').getByRole('link', { name: 'Priya Nair' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the results page is a plain form and complete HTML', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('rao');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/staff$/);
    await searchBox(page).fill('Eva Tomson');
    await page.getByTestId('header-search').getByRole('button', { name: 'Find' }).click();
    await expect(page.getByTestId('search-people').getByRole('link', { name: 'Ava Thompson' })).toBeVisible();
    // Printing needs JavaScript, so no button is offered.
    await page.goto('/staff/worklists');
    await expect(page.getByTestId('print-page')).toHaveCount(0);
  });
});

test('words typed before the server has answered about drafts are kept, on the server too', async ({ page }) => {
  await signInAndWait(page, 'rao');
  // A slow network: the question "is there a draft?" is answered only after the typing.
  await page.route('**/api/drafts/get', async (route) => {
    await new Promise((r) => setTimeout(r, 2_500));
    await route.continue();
  });
  await page.goto('/staff/calls/new');
  await hydrated(page);
  await page.getByLabel('Professional', { exact: true }).check();
  await page.getByTestId('start-call').click();
  await expect(page.getByTestId('call-console')).toBeVisible();
  await hydrated(page);
  const words = 'Typed at once, while the network was slow';
  await page.getByLabel('What the caller is telling you').fill(words);
  await expect(page.getByTestId('draft-status').first()).toContainText('Draft saved', { timeout: 15_000 });
  await expect(page.getByLabel('What the caller is telling you')).toHaveValue(words);
  // Only the server's copy is left: it comes back.
  await page.unroute('**/api/drafts/get');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('What the caller is telling you')).toHaveValue(words);
  await expect(page.getByTestId('draft-status').first()).toContainText('Your unsaved work has been put back');
});

test('a count shows only where a limit exists, and never cuts the text', async ({ page }) => {
  await signInAndWait(page, 'rao');
  await page.goto('/staff/calls/new');
  await hydrated(page);
  await page.getByLabel('Professional', { exact: true }).check();
  await page.getByTestId('start-call').click();
  await expect(page.getByTestId('call-console')).toBeVisible();
  await hydrated(page);
  const summary = page.getByLabel('Summary (one line)');
  const count = page.getByTestId('summary-count');
  await expect(count).toHaveText('You have 200 characters remaining');
  await summary.fill('x'.repeat(190));
  await expect(count).toHaveText('You have 10 characters remaining');
  await summary.fill('x'.repeat(203));
  await expect(count).toHaveText('You have 3 characters too many');
  await expect(count).toHaveClass(/govuk-error-message/);
  await expect(summary).toHaveValue('x'.repeat(203));
  await expect(summary).toHaveAttribute('aria-describedby', /summary-info/);
  // The concern itself has no limit, so no count.
  const concern = page.getByLabel('What the caller is telling you');
  await concern.fill('y'.repeat(5000));
  await expect(concern).toHaveValue('y'.repeat(5000));
  await expect(page.locator('[data-testid$="-count"]')).toHaveCount(1);
});

test.describe('on the timeout server', () => {
  test.use({ baseURL: TIMEOUT });

  test('the warning comes before the timeout and "Stay signed in" keeps the session', async ({ page }) => {
    await signInAndWait(page, 'rao');
    const warning = page.getByRole('alertdialog', { name: 'You are about to be signed out' });
    // Ten seconds before the end of a 20-second inactivity timeout.
    await expect(warning).toBeVisible({ timeout: 25_000 });
    await expect(warning).toBeFocused();
    await expect(warning).toContainText(/signed out in \d+ seconds?/);
    await expectAccessible(page, '.fd-timeout');
    // Keyboard only: Tab reaches "Stay signed in", Enter presses it.
    await page.keyboard.press('Tab');
    await expect(warning.getByTestId('stay-signed-in')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(warning).toBeHidden();
    // Past the moment the session would have ended: still signed in.
    await page.waitForTimeout(12_000);
    await page.goto('/staff/worklists');
    await expect(page).toHaveURL(/\/staff\/worklists$/);
    await expect(page.getByTestId('signed-in-name')).toHaveText('Priya Nair');
  });

  test('after a timeout, signing in again returns to the page with what was typed', async ({ page }) => {
    test.setTimeout(90_000);
    await signInAndWait(page, 'rao');
    await page.goto('/staff/calls/new');
    await hydrated(page);
    await page.getByLabel('Professional', { exact: true }).check();
    await page.getByTestId('start-call').click();
    await expect(page.getByTestId('call-console')).toBeVisible();
    await hydrated(page);
    const callUrl = page.url();
    const words = 'The caller says the children were left alone overnight';
    await page.getByLabel('What the caller is telling you').fill(words);
    await expect(page.getByTestId('draft-status').first()).toContainText('Draft saved');
    // Do nothing: the warning comes, then the session ends and the page goes to sign in.
    await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 25_000 });
    await expect(page).toHaveURL(/\/sign-in\?next=.*ended=1/, { timeout: 25_000 });
    await expect(page.getByTestId('session-ended')).toBeVisible();
    await hydrated(page);
    await page.getByLabel('Username').fill('rao');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(callUrl);
    await hydrated(page);
    await expect(page.getByLabel('What the caller is telling you')).toHaveValue(words);
  });
});
