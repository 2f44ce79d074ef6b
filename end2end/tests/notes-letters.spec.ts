import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, signInAndWait } from './helpers';

// Case notes on siblings, withdraw and restore, letter templates, the chronology in print, and a
// letter as a PDF. Ava and Leo Thompson are demo siblings at one address, both in CASS's worklist.

async function openFromWorklist(page: import('@playwright/test').Page, name: string) {
  await page.goto('/staff');
  await hydrated(page);
  await page.getByTestId('worklist').getByRole('link', { name }).first().click();
  await expect(page.getByTestId('record-heading')).toHaveText(name);
  await hydrated(page);
}

test('a note written on one child is added to a sibling and shows on their record', async ({ page }) => {
  const text = `Spoke to the school about both children ${Date.now()}`;
  await signInAndWait(page, 'rao');
  await openFromWorklist(page, 'Ava Thompson');
  const notes = page.getByTestId('case-notes');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Choose the type of note');
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter the note');

  await notes.getByLabel('Type of note').selectOption({ label: 'Phone call' });
  await notes.getByLabel('Note', { exact: true }).fill(text);
  await expect(notes.getByLabel('Ava Thompson')).toBeChecked();
  await notes.getByLabel('Leo Thompson').check();
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note-saved')).toContainText("added to 2 children's records");
  await expect(notes.getByTestId('note').filter({ hasText: text })).toContainText('About: Ava Thompson, Leo Thompson');

  await openFromWorklist(page, 'Leo Thompson');
  await expect(page.getByTestId('case-notes').getByTestId('note').filter({ hasText: text })).toContainText('Phone call');
});

test('a note is withdrawn with a reason and restored', async ({ page }) => {
  const text = `Note written on the wrong child ${Date.now()}`;
  await signInAndWait(page, 'rao');
  await openFromWorklist(page, 'Ava Thompson');
  const notes = page.getByTestId('case-notes');
  await notes.getByLabel('Type of note').selectOption({ label: 'Case note' });
  await notes.getByLabel('Note', { exact: true }).fill(text);
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note-saved')).toBeVisible();

  const note = notes.getByTestId('note').filter({ hasText: text });
  await note.getByTestId('withdraw-note').click();
  await note.getByLabel('Why are you withdrawing this note?').fill('Wrong child');
  await note.getByTestId('confirm-withdraw').click();
  await expect(page.getByTestId('note-saved')).toContainText('The note has been withdrawn');
  const withdrawn = notes.locator('[data-testid="note"][data-withdrawn="true"]').filter({ hasText: text });
  await expect(withdrawn.getByTestId('withdrawn-by')).toContainText('Withdrawn by Priya Nair');
  await expect(withdrawn.getByTestId('note-text')).toHaveCount(0);

  await withdrawn.getByTestId('restore-note').click();
  await expect(page.getByTestId('note-saved')).toContainText('The note has been restored.');
  await expect(notes.locator('[data-testid="note"][data-withdrawn="false"]').filter({ hasText: text }).getByTestId('note-text')).toHaveText(text);
});

test('an administrator fixes a bad placeholder, previews and saves a letter template', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await page.getByRole('link', { name: 'Letter templates' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Letter templates');
  await page.getByTestId('letter-templates').getByRole('link', { name: 'Outcomes letter' }).click();
  await hydrated(page);
  const body = page.getByLabel('Letter text');
  const original = await body.inputValue();
  await body.fill(`${original}\n\nWe will write to {{chld_name}} again.`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('there is no placeholder called “chld_name”');
  await expect(body).toHaveValue(/chld_name/);

  await body.fill(`${original}\n\nWe will write to you again about {{child_name}} if anything changes.`);
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('template-preview');
  await expect(preview).toContainText('We will write to you again about Sam Example if anything changes.');
  await expect(preview).toContainText('0100 000 0000');
  await page.getByTestId('save-template').click();
  await expect(page.getByTestId('template-saved')).toContainText(/Saved version \d+/);
});

test('the chronology prints without navigation', async ({ page }) => {
  const text = `Strategy discussion agreed ${Date.now()}`;
  await signInAndWait(page, 'rao');
  await openFromWorklist(page, 'Ava Thompson');
  const notes = page.getByTestId('case-notes');
  await notes.getByLabel('Type of note').selectOption({ label: 'Strategy discussion' });
  await notes.getByLabel('Note', { exact: true }).fill(text);
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note-saved')).toBeVisible();

  await page.getByTestId('chronology-link').click();
  await expect(page.getByTestId('chronology-heading')).toHaveText('Ava Thompson');
  const entries = page.getByTestId('chronology-entry');
  await expect(entries.first()).toContainText('Contact C-100001 received');
  await expect(entries.filter({ hasText: text })).toContainText('Case note: Strategy discussion');
  await expect(entries.filter({ hasText: 'Post to Alex Thompson' })).toContainText('Letter');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.govuk-service-navigation')).toBeHidden();
  await expect(page.locator('.govuk-generic-header')).toBeHidden();
  await expect(page.getByTestId('user-bar')).toBeHidden();
  await expect(page.getByTestId('print-chronology')).toBeHidden();
  await expect(page.getByTestId('chronology-heading')).toBeVisible();
  await expect(entries.filter({ hasText: text })).toBeVisible();
  const breakInside = await entries.first().evaluate((el) => getComputedStyle(el).breakInside);
  expect(breakInside).toBe('avoid');
});

test('Business Support downloads a letter as a PDF and marks it printed', async ({ page }, testInfo) => {
  await signInAndWait(page, 'bso');
  await page.getByRole('link', { name: 'Letters', exact: true }).click();
  const toPrint = page.getByTestId('to-print');
  await expect(toPrint).toContainText('Alex Thompson');
  await toPrint.getByRole('link', { name: 'Outcomes letter' }).first().click();
  await expect(page.getByTestId('letter-subject')).toContainText('What we will do after your contact about Ava Thompson');
  await hydrated(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  expect(download.suggestedFilename()).toMatch(/^letter-C-100001-.*\.pdf$/);
  const file = testInfo.outputPath('letter.pdf');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(10_000);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('download-pdf')).toBeHidden();
  await expect(page.getByTestId('letter')).toContainText('Dear Alex Thompson');
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('mark-printed').click();
  await expect(page.getByTestId('marked-printed')).toContainText('marked as printed');
});

test('a half-written case note is kept as a draft, comes back, and is gone once added', async ({ page }) => {
  const text = `Half a note about Leo, kept while typing ${Date.now()}`;
  await signInAndWait(page, 'rao');
  await openFromWorklist(page, 'Leo Thompson');
  const leo = new URL(page.url()).pathname;
  const draftLink = page.locator(`[data-testid="drafts"] a[href="${leo}"]`);
  const notes = page.getByTestId('case-notes');
  await notes.getByLabel('Type of note').selectOption({ label: 'Advice given' });
  await notes.getByLabel('Note', { exact: true }).fill(text);
  await expect(notes.getByTestId('draft-status')).toContainText('Draft saved');
  await page.goto('/staff');
  await expect(draftLink).toHaveText('A case note');

  // Only the server's copy: as on another computer, or after a timeout.
  await page.evaluate(() => localStorage.clear());
  await draftLink.click();
  await expect(page.getByTestId('record-heading')).toHaveText('Leo Thompson');
  await hydrated(page);
  await expect(notes.getByLabel('Note', { exact: true })).toHaveValue(text);
  await expect(notes.getByLabel('Type of note')).toHaveValue('advice_given');
  await expect(notes.getByTestId('draft-status')).toContainText('put back');

  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note-saved')).toBeVisible();
  await expect(notes.getByLabel('Note', { exact: true })).toHaveValue('');
  await page.reload();
  await hydrated(page);
  await expect(notes.getByTestId('note').filter({ hasText: text })).toBeVisible();
  await expect(notes.getByLabel('Note', { exact: true })).toHaveValue('');
  await page.goto('/staff');
  await hydrated(page);
  await expect(page.getByTestId('signed-in-name')).toBeVisible();
  await expect(draftLink).toHaveCount(0);
});
