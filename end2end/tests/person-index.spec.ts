import { expect, Page, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// The person index in the call console: a misspelt name finds the demo child, who is added to
// the call; a person not on the index is created only after a search.

async function startCall(page: Page) {
  await page.goto('/staff/calls/new');
  await hydrated(page);
  await page.getByLabel('Professional', { exact: true }).check();
  await page.getByTestId('start-call').click();
  await expect(page.getByTestId('call-console')).toBeVisible();
  await hydrated(page);
}

async function search(page: Page, given: string, family: string, dob = '') {
  const picker = page.getByTestId('person-picker');
  await picker.getByLabel('Given name').fill(given);
  await picker.getByLabel('Family name').fill(family);
  await picker.getByLabel('Date of birth').fill(dob);
  // Keyboard first: Enter in a field searches.
  await picker.getByLabel('Family name').press('Enter');
}

test('a misspelt name finds the demo child, with reasons, and adds them to the call', async ({ page }) => {
  await signInAndWait(page, 'rao');
  await startCall(page);
  await search(page, 'Eva', 'Tomson', '12/04/2016');
  const first = page.getByTestId('candidate').first();
  await expect(first).toContainText('Ava Thompson');
  await expect(first).toContainText('Same date of birth');
  await expect(first.getByTestId('csc-status')).toBeVisible();
  await first.getByTestId('add-candidate').click();
  await expect(page.getByTestId('call-children')).toContainText('Ava Thompson');
  await expect(first.getByTestId('add-candidate')).toHaveText(/Added/);
});

test('a new person is created only after a search, and joins the call', async ({ page }) => {
  await signInAndWait(page, 'rao');
  await startCall(page);
  const picker = page.getByTestId('person-picker');
  await expect(picker.getByTestId('start-create')).toHaveCount(0);
  await search(page, 'Zara', 'Okonkwo', '3/3/2020');
  await expect(picker.getByTestId('no-candidates')).toBeVisible();
  await picker.getByTestId('start-create').click();
  const form = picker.getByTestId('create-person');
  await expect(form.getByLabel('Family name')).toHaveValue('Okonkwo');
  await form.getByLabel('Address').fill('4 High Street');
  await form.getByTestId('create-person-submit').click();
  await expect(page.getByTestId('call-children')).toContainText('Zara Okonkwo');
});

test('search mistakes show in the error summary and keep what was typed', async ({ page }) => {
  await signInAndWait(page, 'rao');
  await startCall(page);
  await search(page, 'Ava', '', '31/02/2016');
  const picker = page.getByTestId('person-picker');
  await expect(picker.locator('.govuk-error-summary')).toContainText('Date of birth');
  await expect(picker.getByLabel('Given name')).toHaveValue('Ava');
});

test("a person's identifiers are changed on their page; a mistake is explained and nothing typed is lost", async ({ page }) => {
  await signInAndWait(page, 'rao');
  const worklist = page.getByTestId('worklist');
  await worklist.getByRole('link', { name: 'Ava Thompson' }).first().click();
  await expect(page.getByTestId('record-heading')).toHaveText('Ava Thompson');
  await hydrated(page);
  const change = page.getByTestId('change-details');
  await change.locator('summary').click();
  await change.getByLabel('Unique Pupil Number (UPN)').fill('not a upn');
  await change.getByLabel('LA child ID').fill('LA-E2E-1');
  await change.getByTestId('save-details').click();
  const summary = page.getByTestId('person-index').locator('.govuk-error-summary');
  await expect(summary).toContainText('UPN');
  await expect(change.getByLabel('LA child ID')).toHaveValue('LA-E2E-1');
  // The summary's link takes the user to the field, on this form (the page has two person forms).
  await summary.getByRole('link').first().click();
  await expect(change.getByLabel('Unique Pupil Number (UPN)')).toBeFocused();
  await change.getByLabel('Unique Pupil Number (UPN)').fill('');
  await change.getByTestId('save-details').click();
  await expect(page.getByTestId('index-saved')).toContainText('The details of Ava Thompson are saved.');
  await page.reload();
  await hydrated(page);
  await page.getByTestId('change-details').locator('summary').click();
  await expect(page.getByTestId('change-details').getByLabel('LA child ID')).toHaveValue('LA-E2E-1');
});
