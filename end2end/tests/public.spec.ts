import { expect, test } from '@playwright/test';
import { checkPage, keepDocuments, watchForWasm } from './public-helpers';

// Runs twice: with JavaScript on and off (see playwright.config.ts).

test('the start page works, says what to do in an emergency, passes axe and fits a phone and 200% zoom', async ({ page, browser, javaScriptEnabled }) => {
  keepDocuments(page);
  const wasm = watchForWasm(page, true);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Children's Front Door");
  await expect(page.locator('.govuk-warning-text')).toContainText('call 999');
  await expect(page.locator('.govuk-generic-header')).toBeVisible();
  await expect(page.locator('.govuk-header__logotype, svg.govuk-header__logotype')).toHaveCount(0);
  await expect(page.getByTestId('exit-this-page')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Staff sign in' }).first()).toBeVisible();
  await checkPage(page, browser, javaScriptEnabled, 'the start page /');
  expect(wasm, 'the start page loads no WASM').toEqual([]);
});

test('an unknown address gets a 404 page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('the sign-in page renders without the app running in the browser', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByLabel('Username')).toBeVisible();
});
