import { Browser, expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { hydrated, signInAndWait } from './helpers';
import { checkPage as check, CONTINUE, keepDocuments, PROFESSIONAL, refuseAnswersToServer, startRequest, tabTo, watchForWasm } from './public-helpers';

// Runs twice: with JavaScript on and off (see playwright.config.ts). Every page of the form is
// checked with axe, at 320px and at 200% zoom, on the way to the confirmation page; the request
// is then found in the CASS inbox by a Business Support Officer.

async function continueTo(page: Page, next: RegExp) {
  await page.locator(CONTINUE).click();
  await expect(page).toHaveURL(next);
}

/** Signs in as Business Support in a browser with JavaScript (staff pages need it), finds the
 * request in the CASS inbox and filters it (seed 000): the child it names is chosen already.
 * In one run "create a contact" opens the request's own contact, keeping its reference; in the
 * other it goes to the Early Help desk as an EHA "submitted online" (seed 003 §1.0). */
async function findInInbox(browser: Browser, reference: string, child: string, contact: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const staff = await context.newPage();
  await signInAndWait(staff, 'bso');
  await staff.getByRole('link', { name: 'CASS inbox' }).click();
  await expect(staff.getByTestId('inbox-heading')).toBeVisible();
  const row = staff.getByTestId('inbox-row').filter({ hasText: reference });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(child);
  await expect(row).toContainText('Online form');
  const link = row.getByRole('link', { name: `Request for Support ${reference}` });
  await expect(link).toHaveAttribute('href', /^\/staff\/inbox\/[0-9a-f-]{36}$/);
  await link.click();
  await hydrated(staff);
  await expect(staff.getByTestId('online-request-link')).toContainText(reference);
  await staff.getByTestId('take').click();
  await expect(staff.getByTestId('inbox-holder')).toHaveText('You');
  await expect(staff.getByTestId('chosen-children')).toContainText(child);
  if (contact) {
    await staff.getByLabel('Create a contact').check();
    await staff.getByTestId('decide-button').click();
    await expect(staff.getByTestId('contact-created')).toContainText(reference);
  } else {
    await staff.getByLabel('Send to the Early Help desk as an EHA').check();
    await staff.getByTestId('decide-button').click();
    await expect(staff.getByTestId('inbox-status')).toHaveText('Sent to the Early Help desk as an EHA');
    // The Senior Early Help Coordinator finds it on Triage, submitted online.
    const desk = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
    await signInAndWait(desk, 'ehm');
    await desk.goto('/staff/early-help');
    const row = desk.getByTestId('eha-triage').getByRole('row').filter({ hasText: child }).first();
    await expect(row).toContainText('Submitted online (Request for Support)');
    await desk.context().close();
  }
  await context.close();
}

test('a professional completes the form, with guidance on the way, and Business Support find it', async ({ page, browser, javaScriptEnabled }) => {
  // Axe at three sizes on every page of the form: near a minute on a busy two-core machine.
  test.setTimeout(150_000);
  keepDocuments(page);
  const checkPage = (p: Page, what: string) => check(p, browser, javaScriptEnabled, what);
  const wasm = watchForWasm(page);
  await startRequest(page);
  for (const [i, step] of PROFESSIONAL.entries()) {
    await expect(page).toHaveURL(new RegExp(`/request-support/${step.path}$`));
    await checkPage(page, step.path);
    await step.fill(page);
    if (step.path === 'concern') {
      const guidance = page.getByTestId('guidance');
      if (javaScriptEnabled) {
        // Instantly in the browser, before the page is sent: the guidance WASM renders the
        // panel with the shared rules, and nothing reaches the server while answers change.
        await expect(page.getByTestId('support-form')).toHaveAttribute('data-guidance-ready', 'true');
        const toServer = refuseAnswersToServer(page);
        const status = page.locator('#guidance-status');
        await expect(guidance).toHaveAttribute('data-level', 'universal_plus');
        await expect(guidance).toContainText('complete an Early Help Assessment');
        await page.getByLabel('Domestic abuse in the home').check();
        await expect(guidance).toHaveAttribute('data-level', 'additional_needs');
        await expect(status).toHaveText('Guidance updated: the level of need is likely to be Additional Needs.');
        await page.getByLabel('Domestic abuse in the home').uncheck();
        await expect(guidance).toHaveAttribute('data-level', 'universal_plus');
        await expect(status).toHaveText('Guidance updated: the level of need is likely to be Universal Plus.');
        expect(toServer.count, 'no answers were sent to the server as they changed').toBe(0);
        await page.unrouteAll({ behavior: 'ignoreErrors' });
        await checkPage(page, 'concern with guidance from the browser');
      } else {
        // Nothing runs: the guidance shown is from the answers as last posted.
        await expect(guidance).toHaveAttribute('data-level', 'universal');
      }
    }
    const next = i + 1 < PROFESSIONAL.length ? PROFESSIONAL[i + 1].path : 'check-your-answers';
    await continueTo(page, new RegExp(`/request-support/${next}$`));
    if (step.path === 'concern') {
      // After the page is posted, the same guidance appears either way.
      await expect(page.getByTestId('guidance')).toHaveAttribute('data-level', 'universal_plus');
      await expect(page.getByTestId('guidance')).toContainText('complete an Early Help Assessment');
    }
  }
  await checkPage(page, 'check your answers');
  await expect(page.getByText('Robin Browsertest')).toBeVisible();
  await expect(page.getByText('Given by Jo Browsertest, mother')).toBeVisible();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page).toHaveURL(/\/request-support\/confirmation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  const reference = (await page.getByTestId('reference').textContent()) ?? '';
  expect(reference).toMatch(/^RFS-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await checkPage(page, 'confirmation');
  expect(wasm, "the form never loads the app's WASM bundle").toEqual([]);
  if (javaScriptEnabled) {
    // Nothing is kept in the browser's storage (with JavaScript off nothing could be).
    expect(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length)).toBe(0);
  }
  // Filtered once (the staff side always runs with JavaScript), found in both runs.
  await findInInbox(browser, reference, 'Robin Browsertest', javaScriptEnabled);
});

test('Additional Needs without consent from a professional who knows the family cannot be sent', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  const checkPage = (p: Page, what: string) => check(p, browser, javaScriptEnabled, what);
  await startRequest(page);
  for (const step of PROFESSIONAL.slice(0, 7)) {
    await step.fill(page);
    await page.locator(CONTINUE).click();
  }
  await expect(page).toHaveURL(/\/concern$/);
  await page.getByLabel('What are you worried about?').fill('Shouting at home most nights.');
  await page.getByLabel('Domestic abuse in the home').check();
  await continueTo(page, /\/concern-details$/);
  await page.getByRole('group', { name: 'Was the child present during the domestic abuse?' }).getByLabel('No', { exact: true }).check();
  await page.getByRole('group', { name: 'Has domestic abuse happened before?' }).getByLabel('No', { exact: true }).check();
  await continueTo(page, /\/consent$/);
  const guidance = page.getByTestId('guidance');
  await expect(guidance).toHaveAttribute('data-level', 'additional_needs');
  if (javaScriptEnabled) {
    // The browser says so as soon as the answer is chosen, and says when consent puts it right.
    await expect(page.getByTestId('support-form')).toHaveAttribute('data-guidance-ready', 'true');
    const toServer = refuseAnswersToServer(page);
    await page.getByLabel('Yes, they have given consent').check();
    await expect(page.getByTestId('guidance-cannot-proceed')).toHaveCount(0);
    await page.getByLabel('No, they have refused').check();
    await expect(page.getByTestId('guidance-cannot-proceed')).toContainText('cannot go ahead without consent');
    expect(toServer.count).toBe(0);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  } else {
    await page.getByLabel('No, they have refused').check();
  }
  // The server refuses it: the error summary, the answer kept.
  await page.locator(CONTINUE).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.locator('.govuk-error-summary')).toContainText('This request cannot be sent without consent');
  await expect(page.getByLabel('No, they have refused')).toBeChecked();
  await expect(page.getByTestId('guidance-cannot-proceed')).toContainText('cannot go ahead without consent');
  await checkPage(page, 'consent refused at Additional Needs');
});

test('mistakes get the error summary, keep every answer, and pass axe', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  const checkPage = (p: Page, what: string) => check(p, browser, javaScriptEnabled, what);
  await startRequest(page);
  await page.getByLabel('As a professional').check();
  await continueTo(page, /\/danger$/);
  await page.getByLabel('No', { exact: true }).check();
  await continueTo(page, /\/about-you$/);
  await page.getByLabel('Your full name').fill('Alex Teacher');
  await page.getByLabel('Your e-mail address (optional)').fill('not-an-e-mail');
  await page.locator(CONTINUE).click();
  await expect(page).toHaveTitle(/^Error: About you/);
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('Enter the name of your organisation');
  await expect(summary).toContainText('Enter an e-mail address in the correct format');
  if (javaScriptEnabled) await expect(summary).toBeFocused();
  await expect(page.getByLabel('Your full name')).toHaveValue('Alex Teacher');
  await expect(page.getByLabel('Your e-mail address (optional)')).toHaveValue('not-an-e-mail');
  await checkPage(page, 'about-you with errors');
  await summary.getByRole('link', { name: 'Enter the name of your organisation' }).click();
  await expect(page).toHaveURL(/#your_organisation$/);
});

test('a member of the public in immediate danger is told to call 999, then can carry on', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  const checkPage = (p: Page, what: string) => check(p, browser, javaScriptEnabled, what);
  await startRequest(page);
  await page.getByLabel('As a parent, relative or member of the public').check();
  await continueTo(page, /\/danger$/);
  await page.getByLabel('Yes', { exact: true }).check();
  await continueTo(page, /\/call-now$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call 999 now');
  await expect(page.getByText('0100 000 0000')).toBeVisible();
  await checkPage(page, 'call-now');
  await page.getByRole('button', { name: 'Continue with this form' }).click();
  await expect(page).toHaveURL(/\/about-you$/);
  await continueTo(page, /\/relationship$/);
  await checkPage(page, 'relationship (public)');
  await page.getByLabel('Mother').check();
  await continueTo(page, /\/parental-responsibility$/);
  await checkPage(page, 'parental-responsibility');
  await page.getByLabel('Yes', { exact: true }).check();
  await continueTo(page, /\/child$/);
  await page.getByLabel('First name').fill('Kit');
  await continueTo(page, /\/about-the-child$/);
  await continueTo(page, /\/family$/);
  await continueTo(page, /\/concern$/);
  await page.getByLabel('What are you worried about?').fill('My partner hit me last night while Kit was in the room.');
  await page.getByLabel('Domestic abuse in the home').check();
  await continueTo(page, /\/concern-details$/);
  await checkPage(page, 'concern-details');
  await expect(page.getByTestId('guidance-urgent')).toContainText('call 999');
  await page.getByRole('group', { name: 'Was the child present during the domestic abuse?' }).getByLabel('Yes').check();
  await page.getByRole('group', { name: 'Has domestic abuse happened before?' }).getByLabel('I do not know').check();
  await continueTo(page, /\/consent$/);
  await checkPage(page, 'consent (public with PR)');
  await expect(page.getByTestId('guidance')).toHaveAttribute('data-level', 'significant_harm');
  await page.getByLabel('Yes, I agree').check();
  await page.getByLabel('Sharing information with another organisation').check();
  await continueTo(page, /\/check-your-answers$/);
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  await expect(page.getByTestId('confirmation-next-steps')).toContainText('treated as a priority');
});

test('the whole form can be completed with the keyboard alone', async ({ page }) => {
  await page.goto('/request-support');
  const submit = async () => {
    await tabTo(page, CONTINUE);
    await page.keyboard.press('Enter');
  };
  const type = async (selector: string, text: string) => {
    await tabTo(page, selector);
    await page.keyboard.type(text);
  };
  await tabTo(page, '[data-testid="start-now"]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/who$/);
  await tabTo(page, '#referrer_kind');
  await page.keyboard.press('Space');
  await submit();
  await expect(page).toHaveURL(/\/danger$/);
  await tabTo(page, '#immediate_danger');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#immediate_danger-2')).toBeChecked();
  await submit();
  await expect(page).toHaveURL(/\/about-you$/);
  await type('#your_name', 'Kay Keyboard');
  await type('#your_organisation', 'Example Health Visiting');
  await type('#your_role', 'Health visitor');
  await type('#your_phone', '07700 900 982');
  await submit();
  await expect(page).toHaveURL(/\/relationship$/);
  await tabTo(page, '#ongoing_relationship');
  await page.keyboard.press('ArrowRight');
  await submit();
  await expect(page).toHaveURL(/\/child$/);
  await type('#child_first_name', 'Jamie');
  await type('#child_last_name', 'Keyboard');
  await type('#child_dob', '5');
  await type('#child_dob-month', '11');
  await type('#child_dob-year', '2020');
  await type('#child_address', '2 Example Street');
  await type('#child_postcode', 'AB3 4EF');
  await submit();
  await expect(page).toHaveURL(/\/about-the-child$/);
  await type('#child_ethnicity', 'Not known');
  await type('#child_special_needs', 'None');
  await submit();
  await expect(page).toHaveURL(/\/family$/);
  await type('#parents', 'Sam Keyboard');
  await type('#siblings', 'Alex Keyboard, 01/01/2018');
  await type('#household', 'none');
  await submit();
  await expect(page).toHaveURL(/\/concern$/);
  await type('#concern_summary', 'Jamie often arrives hungry and is not dressed for the weather.');
  await tabTo(page, '#concern_areas-3');
  await page.keyboard.press('Space');
  await submit();
  await expect(page).toHaveURL(/\/concern-details$/);
  // A group of radios is one stop for Tab; the arrow keys choose within it.
  await tabTo(page, '#neglect_severity');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#neglect_severity-2')).toBeChecked();
  await submit();
  await expect(page).toHaveURL(/\/consent$/);
  await tabTo(page, '#consent');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#consent-3')).toBeChecked();
  await submit();
  await expect(page).toHaveURL(/\/check-your-answers$/);
  await expect(page.getByTestId('guidance')).toHaveAttribute('data-level', 'additional_needs');
  await submit();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
});

/** Expires this browser's draft on the server, as 24 hours without a change would, and prunes
 * it: only this draft (found by the SHA-256 of the browser's cookie), so other tests carry on. */
async function expireDraft(page: Page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'fd_request');
  expect(cookie, 'the form\'s cookie').toBeTruthy();
  const hash = createHash('sha256').update(cookie?.value ?? '').digest('hex');
  const db = path.join(__dirname, '../../target/e2e/main.db');
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, `DELETE FROM support_drafts WHERE token_hash = '${hash}'`]);
}

test('answers given so far survive the draft expiring on the server, with nothing in addresses or storage', async ({ page, browser, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  keepDocuments(page);
  const addresses: string[] = [];
  page.on('request', (r) => addresses.push(r.url()));
  await startRequest(page);
  for (const step of PROFESSIONAL.slice(0, 7)) {
    await step.fill(page);
    await page.locator(CONTINUE).click();
  }
  await expect(page).toHaveURL(/\/request-support\/concern$/);
  // The page was left open too long: the server has deleted its copy of the answers.
  await expireDraft(page);
  await PROFESSIONAL[7].fill(page);
  await page.locator(CONTINUE).click();
  await expect(page).toHaveURL(/\/request-support\/concern$/);
  await expect(page.getByTestId('form-notice')).toContainText('We have put them back from the page you just sent');
  await expect(page.getByLabel('Yes, they have given consent')).toBeVisible();
  await check(page, browser, javaScriptEnabled, 'consent after the answers came back');
  await PROFESSIONAL[8].fill(page);
  await continueTo(page, /\/check-your-answers$/);
  // Every answer given before the draft expired is back, with those sent since.
  for (const answer of ['Alex Teacher', 'Example Primary School', 'Robin Browsertest', 'White British', 'Jo Browsertest', "Robin's behaviour in class", 'Given by Jo Browsertest, mother']) {
    await expect(page.getByText(answer).first()).toBeVisible();
  }
  expect(addresses.filter((a) => /Robin|Browsertest|Alex|Teacher/.test(decodeURIComponent(a))), 'no answers in any address').toEqual([]);
  if (javaScriptEnabled) {
    expect(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length)).toBe(0);
  }
  // Deleting the answers leaves nothing that could bring them back.
  await page.getByTestId('delete-answers').click();
  await expect(page.getByTestId('form-notice')).toContainText('Your answers have been deleted.');
});
