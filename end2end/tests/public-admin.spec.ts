import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// JavaScript on only (staff pages hydrate). An administrator edits a public page and a contact,
// each with a preview before publishing; what they type into a page is kept as a draft.

test('an administrator previews and publishes a public page and sets a contact', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await page.getByRole('link', { name: 'Public pages' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Public pages and contacts');
  await expect(page.getByText('fictional placeholders')).toBeVisible();

  // A contact: previewed where the public pages show it, live only once published.
  const phone = page.getByTestId('contact-edt_phone_line');
  await phone.getByLabel('Emergency Duty Team phone line').fill('01632 960 999');
  await phone.getByRole('button', { name: /Preview/ }).click();
  const contactPreview = phone.getByTestId('contact-preview');
  await expect(contactPreview).toContainText('01632 960 999');
  await expect(contactPreview).toContainText('/out-of-hours');
  await expect(contactPreview.getByRole('link', { name: '01632 960 999' }).first()).toHaveAttribute('href', 'tel:01632960999');
  const visitor = await page.context().newPage();
  await visitor.goto('/out-of-hours');
  await expect(visitor.getByText('01632 960 999')).toHaveCount(0);
  await contactPreview.getByTestId('publish-contact').click();
  await expect(page.getByTestId('contact-saved')).toContainText('Contact published (version 2).');
  await visitor.reload();
  await expect(visitor.getByRole('link', { name: '01632 960 999' }).first()).toBeVisible();
  await visitor.close();

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

test('what an administrator types into a page survives a reload until it is published', async ({ page }) => {
  await signInAndWait(page, 'admin');
  await page.goto('/staff/admin/content/accessibility');
  await hydrated(page);
  const body = page.getByLabel('Page text');
  await expect(body).not.toHaveValue('');
  const words = 'Half-written: we are testing this site with screen reader users in the spring.';
  await body.fill(`${await body.inputValue()}\n\n${words}`);
  await expect(page.getByTestId('draft-status')).toHaveText('Draft saved.');

  // Reloaded mid-edit: the words come back (this browser's copy).
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Page text')).toHaveValue(new RegExp(words));
  await expect(page.getByTestId('draft-status')).toHaveText('Your unsaved work has been put back.');

  // And from the server's copy, when this browser has none (another computer, a cleared cache).
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Page text')).toHaveValue(new RegExp(words));

  // Published: the draft is done with, here and on the server.
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('page-preview')).toContainText(words);
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('page-published')).toBeVisible();
  expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('fd-draft:')))).toEqual([]);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Page text')).toHaveValue(new RegExp(words));
  await expect(page.getByTestId('draft-status')).toHaveText('');
});
