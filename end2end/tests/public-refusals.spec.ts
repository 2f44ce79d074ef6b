import { expect, test } from '@playwright/test';
import { MAIN, STRICT } from '../playwright.config';
import { checkPage, keepDocuments, postForm } from './public-helpers';

// Runs twice: with JavaScript on and off (see playwright.config.ts). The pages the online form
// answers with when it refuses a post, and the start page's notices, pass axe at every size too.
// Each refusal comes from a real post by a plain HTML form, as a browser sends it.

test('the honeypot page (422) passes axe and fits a phone and 200% zoom', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  const r = await postForm(page, MAIN, '/request-support/who', { website: 'http://spam.example', referrer_kind: 'professional' });
  expect(r?.status()).toBe(422);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, we could not accept that page');
  await expect(page.getByTestId('exit-this-page')).toBeVisible();
  await checkPage(page, browser, javaScriptEnabled, 'the honeypot refusal (422)');
});

test('the "too large" page (413) passes axe and fits a phone and 200% zoom', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  const r = await postForm(page, MAIN, '/request-support/concern', { website: '', concern_summary: 'x'.repeat(70 * 1024) });
  expect(r?.status()).toBe(413);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('That page is too large to send');
  await checkPage(page, browser, javaScriptEnabled, 'the too-large refusal (413)');
});

test('the "could not be read" page (400) passes axe and fits a phone and 200% zoom', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  // The form's pages are never sent as multipart: the server cannot read one that is.
  const r = await postForm(page, MAIN, '/request-support/who', { website: '', referrer_kind: 'professional' }, 'multipart/form-data');
  expect(r?.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('That page could not be read');
  await checkPage(page, browser, javaScriptEnabled, 'the unreadable-page refusal (400)');
});

test('the "too many pages" page (429) passes axe and fits a phone and 200% zoom', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  // The strict server allows three posts an hour from one address.
  let status = 0;
  for (let i = 0; i < 5 && status !== 429; i++) {
    status = (await postForm(page, STRICT, `${STRICT}/request-support`, { website: '' }))?.status() ?? 0;
  }
  expect(status).toBe(429);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You have sent too many pages');
  await checkPage(page, browser, javaScriptEnabled, 'the too-many refusal (429)');
});

for (const [query, notice] of [
  ['expired=1', 'Your earlier answers were deleted because they had not been changed'],
  ['deleted=1', 'Your answers have been deleted.'],
]) {
  test(`the form's start page with the ${query.split('=')[0]} notice passes axe and fits a phone and 200% zoom`, async ({ page, browser, javaScriptEnabled }) => {
    keepDocuments(page);
    await page.goto(`/request-support?${query}`);
    await expect(page.getByTestId('form-notice')).toContainText(notice);
    await checkPage(page, browser, javaScriptEnabled, `/request-support?${query}`);
  });
}
