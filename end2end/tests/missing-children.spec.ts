import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hydrated, signInAndWait } from './helpers';

// Missing children (seed 003 §7): the Senior Early Help Coordinator records that a child
// reported missing is back ("Missing status: found", with when the child returned); the return
// interview's 72-hour clock shows on the child's record and on the Early Help desk; the Return
// Interview Form is uploaded with the CSE screening confirmed, after the mistakes are shown.
// Noah Begum is a demo child on the CASS Early Help worklist, which the Early Help Manager works.

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function accessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Two hours ago, as the datetime-local field takes it in UK time. */
function twoHoursAgo(): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() - 2 * 3600_000));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

test('a child found after going missing gets a return interview within 72 hours, its form uploaded', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAndWait(page, 'ehm');
  await page.goto('/staff');
  await hydrated(page);
  await page.getByTestId('worklist').getByRole('link', { name: 'Noah Begum' }).first().click();
  await expect(page.getByTestId('record-heading')).toHaveText('Noah Begum');
  await hydrated(page);
  const personPath = new URL(page.url()).pathname;

  // The found note asks when the child came back; a time in the future is refused, nothing lost.
  const notes = page.getByTestId('case-notes');
  await notes.getByLabel('Type of note').selectOption({ label: 'Missing status: found' });
  const text = `Noah found by police at a friend's house ${Date.now()}`;
  await notes.getByLabel('Note', { exact: true }).fill(text);
  await notes.getByLabel('When did the child return?').fill('2099-01-01T10:00');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('When the child returned must be now or in the past');
  await expect(notes.getByLabel('Note', { exact: true })).toHaveValue(text);
  await notes.getByLabel('When did the child return?').fill(twoHoursAgo());
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('note-saved')).toContainText('The return interview is due within 72 hours');

  // The record shows the interview with its clock, without a reload.
  const section = page.getByTestId('return-interviews');
  const due = section.locator('[data-testid="return-interview"][data-status="due"]');
  await expect(due).toHaveCount(1);
  await expect(due.getByTestId('return-interview-state')).toHaveText('On time');
  await expect(due.getByTestId('return-interview-due')).toContainText(/due in (2 days 2[12] hours|2 days 22 hours)/);
  await accessible(page);

  // The Early Help desk lists it, and the manager's dashboard shows its clock beside the MASH
  // requests, naming no child.
  await page.goto('/staff/early-help');
  await expect(page.getByTestId('return-interviews-due').getByRole('link', { name: 'Noah Begum' })).toBeVisible();
  await page.goto('/staff/worklists');
  const clock = page.getByTestId('other-clocks').getByRole('row').filter({ hasText: 'Return interview' }).first();
  await expect(clock).toContainText('Missing child returned');
  await expect(clock.getByTestId('due-clock')).toContainText(/^in \d/);
  await expect(page.getByTestId('other-clocks')).toContainText('MASH request (Red)');

  // Uploading without the file or the CSE screening: both mistakes, linked from the summary.
  await page.goto(personPath);
  await hydrated(page);
  await page.getByTestId('return-interview-submit').click();
  await expect(page).toHaveURL(/ri_error=no_file,no_cse/);
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('Choose the Return Interview Form to upload');
  await expect(summary).toContainText('Confirm the CSE screening tool was completed');
  await accessible(page);

  // With the form and the screening confirmed, it is on the child's record.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ri-')), 'return-interview.pdf');
  fs.writeFileSync(file, '%PDF-1.4 return interview form');
  await hydrated(page);
  await page.getByLabel('Upload the Return Interview Form').setInputFiles(file);
  await page.getByLabel('The CSE screening tool was completed as part of the return interview').check();
  await page.getByTestId('return-interview-submit').click();
  await expect(page).toHaveURL(/ri_uploaded=/);
  await expect(page.getByTestId('return-interview-uploaded')).toContainText('The Return Interview Form is on the child\'s record.');
  const done = page.locator('[data-testid="return-interview"][data-status="completed"]').first();
  await expect(done.getByTestId('return-interview-form')).toContainText('return-interview.pdf');
  await expect(done.getByTestId('return-interview-form')).toContainText('CSE screening tool completed), uploaded by Fatima Rahman');
  await expect(done.getByTestId('return-interview-form')).toContainText('Within 72 hours of the child\'s return');
  await expect(page.getByTestId('return-interview-upload')).toHaveCount(0);
  await accessible(page);
});
