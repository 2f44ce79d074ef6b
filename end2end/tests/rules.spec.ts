import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { hydrated, signInAndWait } from './helpers';
import { ADMIN } from '../playwright.config';

test('a level is recorded with guidance that updates in the browser on every answer', async ({ page }) => {
  await signInAndWait(page, 'tm');
  await page.getByTestId('worklist').getByRole('link', { name: 'C-100001' }).first().click();
  const form = page.getByTestId('workflow-step');
  await expect(form).toBeVisible();
  await hydrated(page);
  await form.getByLabel('Decide the threshold level', { exact: true }).check();
  await page.getByLabel('Essential questions').selectOption('cass_phone_anonymous');

  const apiCalls: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/') && !r.url().includes('/api/drafts/')) apiCalls.push(r.url()); });

  await page.locator('#q-child_missing-1').check();
  await page.locator('#q-immediate_danger-1').check();
  await expect(page.getByTestId('suggested-level')).not.toHaveText('Significant Harm');
  await page.locator('#q-immediate_danger-0').check();
  await expect(page.getByTestId('suggested-level')).toHaveText('Significant Harm');
  await expect(page.getByTestId('guidance')).toContainText('immediate danger', { ignoreCase: true });
  await page.locator('#q-child_identifiable-1').check();
  await page.locator('#q-concern_summary').fill('Neighbour heard a young child crying alone for hours');
  await expect(page.locator('#q-neglect_severity')).toHaveCount(0);
  await page.locator('[data-question="concern_areas"] label', { hasText: /neglect/i }).first().click();
  await expect(page.locator('#q-neglect_severity')).toBeVisible();
  await page.locator('[data-question="neglect_severity"] label', { hasText: /severe/i }).first().click();
  expect(apiCalls, 'guidance must not need the server').toEqual([]);

  // Choosing another level asks for a reason, checked in the browser before anything is sent.
  await page.locator('#level-complex_and_significant').check();
  await page.locator('#reason').fill('Caller describes a toddler left alone repeatedly');
  await expect(page.getByLabel('Why are you departing from the suggested level?')).toBeVisible();
  await expect(page.getByTestId('step-preview')).toContainText('CASS Social Worker');
  await page.getByTestId('decide').click();
  await expect(page.locator('.govuk-error-summary')).toContainText('give a reason for departing');
  expect(apiCalls).toEqual([]);

  await page.locator('#level-significant_harm').check();
  await expect(page.getByTestId('step-preview')).toContainText('CP worklist');
  await page.getByTestId('decide').click();
  await expect(page.getByTestId('decision-recorded')).toBeVisible();
  const decisions = page.getByTestId('decisions');
  await expect(decisions).toContainText('Significant Harm');
  await expect(decisions).toContainText('rhrt-2026.1');
  await decisions.getByRole('link', { name: 'rhrt-2026.1' }).click();
  await expect(page.getByTestId('rule-doc-heading')).toHaveText('Threshold framework');
});

test.describe('on the admin server', () => {
  test.use({ baseURL: ADMIN });

  test('an administrator uploads a framework, sees every problem, and activates a good one', async ({ page }) => {
    await signInAndWait(page, 'admin');
    await page.goto('/staff/admin/rules');
    await hydrated(page);
    await page.locator('#file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 3, "levels": "none"}') });
    await expect(page.getByLabel('Or paste its contents')).toHaveValue(/"levels"/);
    await page.getByTestId('upload').click();
    const summary = page.locator('.govuk-error-summary');
    await expect(summary).toBeVisible();
    expect(await summary.locator('li').count()).toBeGreaterThan(1);
    await expect(summary).toContainText('version');

    const builtin = JSON.parse(fs.readFileSync(path.join(__dirname, '../../app/domain/data/rhrt-framework.json'), 'utf8'));
    builtin.version = 'rhrt-e2e.2';
    await page.locator('#file').setInputFiles({ name: 'framework.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(builtin)) });
    await page.getByTestId('upload').click();
    await expect(page.getByTestId('rules-notice')).toContainText('Uploaded version rhrt-e2e.2.');
    const row = page.getByTestId('versions-framework').locator('tr', { hasText: 'rhrt-e2e.2' });
    await expect(row).toContainText('draft');
    await row.getByTestId('activate').click();
    await expect(page.getByTestId('rules-notice')).toContainText('Activated version rhrt-e2e.2.');

    // Scripts are replaced the same way.
    const scripts = JSON.parse(fs.readFileSync(path.join(__dirname, '../../app/domain/data/scripts.json'), 'utf8'));
    scripts.version = 'cass-scripts-e2e.2';
    await page.getByLabel('Scripts', { exact: true }).check();
    await page.locator('#file').setInputFiles({ name: 'scripts.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scripts)) });
    await page.getByTestId('upload').click();
    await expect(page.getByTestId('rules-notice')).toContainText('Uploaded version cass-scripts-e2e.2.');
    const scriptRow = page.getByTestId('versions-scripts').locator('tr', { hasText: 'cass-scripts-e2e.2' });
    await scriptRow.getByTestId('activate').click();
    await expect(page.getByTestId('rules-notice')).toContainText('Activated version cass-scripts-e2e.2.');
    await page.goto('/staff/rules');
    await expect(page.getByTestId('in-force')).toContainText('rhrt-e2e.2');
    await expect(page.getByTestId('in-force')).toContainText('cass-scripts-e2e.2');
  });

  test('an administrator adds a non-working day and bad dates are explained', async ({ page }) => {
    await signInAndWait(page, 'admin');
    await page.goto('/staff/admin/rules');
    await hydrated(page);
    await page.getByLabel('Day', { exact: true }).fill('31');
    await page.getByLabel('Month', { exact: true }).fill('2');
    await page.getByLabel('Year', { exact: true }).fill('2027');
    await page.getByLabel('What is the day?').fill('Royal event');
    await page.getByTestId('add-day').click();
    await expect(page.locator('.govuk-error-summary')).toContainText('Date must be a real date');
    await expect(page.getByLabel('What is the day?')).toHaveValue('Royal event');
    await page.getByLabel('Day', { exact: true }).fill('7');
    await page.getByLabel('Month', { exact: true }).fill('6');
    await page.getByTestId('add-day').click();
    await expect(page.getByTestId('added-days')).toContainText('Monday 7 June 2027: Royal event');
  });
});
