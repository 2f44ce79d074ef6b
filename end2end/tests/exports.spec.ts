import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import { hydrated, signInAndWait } from './helpers';

// Inspection exports (issue 8 point 4): a manager chooses a period, sees how many rows each
// Ofsted Annex A list has and downloads it; a period that is not a real date gets the error
// summary with what was typed kept.

test('a manager downloads Annex A List 1 for a period; a bad period is explained', async ({ page }, testInfo) => {
  await signInAndWait(page, 'tm');
  await page.getByRole('link', { name: 'Exports', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inspection exports');
  // The six months to today to begin with: the demo's contacts are there.
  await expect(page.getByTestId('export-period')).toBeVisible();
  const rows = Number(await page.getByTestId('export-list-1').getByTestId('export-rows').textContent());
  expect(rows).toBeGreaterThan(0);

  await hydrated(page);
  await page.getByLabel('First day').fill('31/2/2026');
  await page.getByRole('button', { name: 'Show the lists' }).click();
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toContainText('Enter the first day of the period as a real date');
  await expect(page.getByLabel('First day')).toHaveValue('31/2/2026');

  await page.getByLabel('First day').fill('1/1/2020');
  await page.getByLabel('Last day').fill('31/12/2020');
  await page.getByRole('button', { name: 'Show the lists' }).click();
  await expect(page.getByTestId('export-period')).toHaveText('1 January 2020 to 31 December 2020');
  await expect(page.getByTestId('export-list-1').getByTestId('export-rows')).toHaveText('0');

  await page.goto('/staff/exports');
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-list-1').getByRole('link', { name: /^CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^annex-a-list-1-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = testInfo.outputPath('list-1.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source');
  expect(lines.length - 1).toBe(rows);
});

test('people without a manager role see no exports', async ({ page }) => {
  await signInAndWait(page, 'rao');
  await expect(page.getByRole('link', { name: 'Exports', exact: true })).toHaveCount(0);
});

test('a manager downloads Annex A List 2: the early help assessments on the desk', async ({ page }, testInfo) => {
  await signInAndWait(page, 'tm');
  await page.goto('/staff/exports');
  await hydrated(page);
  // The demo's EHA from MASH (with consent) is on the desk: one row at least.
  const list = page.getByTestId('export-list-2');
  await expect(list).toContainText('Annex A List 2: early help assessments');
  const rows = Number(await list.getByTestId('export-rows').textContent());
  expect(rows).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('link', { name: /^CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^annex-a-list-2-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = testInfo.outputPath('list-2.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe(
    'Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Assessment Start Date,Assessment Completion Date,Organisation Completing Assessment',
  );
  // Other tests may put an EHA on the desk between the count and the download.
  expect(lines.length - 1).toBeGreaterThanOrEqual(rows);
  expect(lines.some((l) => l.endsWith(',Example Primary School'))).toBe(true);
});
