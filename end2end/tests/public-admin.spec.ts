import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// JavaScript on only (staff pages hydrate). An administrator edits a public page with a preview
// before publishing, and sets a contact the public pages show.

test('an administrator previews and publishes a public page and sets a contact', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await page.getByRole('link', { name: 'Public pages' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Public pages and contacts');
  await expect(page.getByText('fictional placeholders')).toBeVisible();

  // A contact: saved with a new version, shown on the public pages at once.
  const phone = page.getByTestId('contact-edt_phone_line');
  await phone.getByLabel('Emergency Duty Team phone line').fill('01632 960 999');
  await phone.getByRole('button', { name: /Save/ }).click();
  await expect(page.getByTestId('contact-saved')).toContainText('version 2');

  await page.getByRole('link', { name: 'Urgent help out of hours' }).click();
  await hydrated(page);
  const body = page.getByLabel('Page text');
  await body.fill('! If a child is in immediate danger, call 999.\n\nCall the Emergency Duty Team on {{edt_phone_line}}.\n\n## A new section\n\n- [Not allowed](javascript:alert(1))');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Line 7');
  await body.fill('! If a child is in immediate danger, call 999.\n\nCall the Emergency Duty Team on {{edt_phone_line}}.\n\n## A new section\n\nWritten by the council.');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('page-preview');
  await expect(preview.getByRole('heading', { level: 2, name: 'A new section' })).toBeVisible();
  await expect(preview).toContainText('01632 960 999');
  // Nothing is published until Publish.
  const other = await page.context().newPage();
  await other.goto('/out-of-hours');
  await expect(other.getByText('A new section')).toHaveCount(0);
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('page-published')).toContainText('Published version 2.');
  await other.reload();
  await expect(other.getByRole('heading', { level: 2, name: 'A new section' })).toBeVisible();
  await expect(other.getByRole('link', { name: '01632 960 999' })).toHaveAttribute('href', 'tel:01632960999');
});
