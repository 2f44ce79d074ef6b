import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

test('opening a record is audited and a manager sees it in the access history', async ({ browser }) => {
  const rao = await (await browser.newContext()).newPage();
  await signInAndWait(rao, 'rao');
  const worklist = rao.getByTestId('worklist');
  await expect(worklist).toContainText('Ava Thompson');
  await worklist.getByRole('link', { name: 'Ava Thompson' }).first().click();
  await expect(rao.getByTestId('record-heading')).toHaveText('Ava Thompson');
  const personUrl = rao.url();
  await expect(rao.getByTestId('access-history-link')).toHaveCount(0);

  const tm = await (await browser.newContext()).newPage();
  await signInAndWait(tm, 'tm');
  await tm.goto(personUrl);
  await hydrated(tm);
  await tm.getByTestId('access-history-link').click();
  const history = tm.getByTestId('access-history');
  await expect(history).toBeVisible();
  await expect(history.locator('tr', { hasText: 'rao' }).first()).toContainText('Opened');
  await expect(history).toContainText('Referral and Advice Officer');
});

test('a record outside your worklists needs a reason, and the reason is recorded', async ({ browser }) => {
  // Isla Morgan's contact sits with LADO: in the LADO's worklist, not the Early Help Manager's.
  const lado = await (await browser.newContext()).newPage();
  await signInAndWait(lado, 'lado');
  const href = await lado.getByTestId('worklist').getByRole('link', { name: 'Isla Morgan' }).getAttribute('href');
  expect(href).toBeTruthy();

  const page = await (await browser.newContext()).newPage();
  await signInAndWait(page, 'ehm');
  await page.goto(href!);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'This record is not in your worklists' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('Isla');
  await page.getByLabel('Why do you need to open this record?').fill('look');
  await page.getByRole('button', { name: 'Open the record' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Reason must be 10 characters or more');
  await expect(page.getByLabel('Why do you need to open this record?')).toHaveValue('look');
  await page.getByLabel('Why do you need to open this record?').fill('Sibling is open to Early Help; checking for shared concerns');
  await page.getByRole('button', { name: 'Open the record' }).click();
  await expect(page.getByTestId('record-heading')).toHaveText('Isla Morgan');
  await expect(page.getByTestId('break-glass-reason')).toContainText('Sibling is open to Early Help');
  await page.getByTestId('access-history-link').click();
  await expect(page.getByTestId('access-history')).toContainText('Opened outside worklists');
  await expect(page.getByTestId('access-history')).toContainText('Sibling is open to Early Help');
});

test('an administrator adds a user and gets a temporary password', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await page.goto('/staff/admin/users/new');
  await hydrated(page);
  await page.getByTestId('save-user').click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter a username');
  await expect(page.locator('.govuk-error-summary')).toContainText('Choose at least one role');
  await page.getByLabel('Username').fill('new.rao');
  await page.getByLabel('Full name').fill('Robin Example');
  await page.getByLabel('Referral and Advice Officer', { exact: true }).check();
  await page.getByLabel('CASS', { exact: true }).check();
  await page.getByTestId('save-user').click();
  await expect(page.getByTestId('temporary-password')).toBeVisible();
  await page.goto('/staff/admin/users');
  await expect(page.getByTestId('users')).toContainText('Robin Example');
});

test('administrators cannot open case records', async ({ page }) => {
  await signInAndWait(page, 'admin');
  const status = await page.evaluate(async () => {
    const r = await fetch('/api/records/open', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=person&id=anything&reason=curious+about+this+one',
    });
    return r.status;
  });
  expect(status).toBe(403);
});
