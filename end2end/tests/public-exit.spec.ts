import { expect, Page, test } from '@playwright/test';

// JavaScript on only: what /exit-this-page.js does (the JavaScript-off behaviour, a plain link,
// is checked in public-pages.spec.ts).

const EXIT = 'https://www.bbc.co.uk/weather';

async function neutralSite(page: Page) {
  // No network here: stand in for the neutral site.
  await page.route(`${EXIT}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }));
}

test('the button replaces the page and its history entry with a neutral site', async ({ page }) => {
  await neutralSite(page);
  await page.goto('/ask-for-support');
  await page.goto('/what-to-expect');
  await page.getByRole('button', { name: 'Emergency Exit this page' }).click();
  await expect(page).toHaveURL(EXIT);
  await page.goBack();
  // The page that was exited is no longer in the history: back goes to the one before it.
  await expect(page).toHaveURL(/\/ask-for-support$/);
});

test('pressing Shift three times exits, with a count announced between', async ({ page }) => {
  await neutralSite(page);
  await page.goto('/request-support');
  await page.keyboard.press('Shift');
  await expect(page.locator('.govuk-exit-this-page [role="status"]')).toHaveText('Shift, press 2 more times to exit.');
  await page.keyboard.press('Shift');
  await expect(page.locator('.govuk-exit-this-page [role="status"]')).toHaveText('Shift, press 1 more time to exit.');
  await page.keyboard.press('Shift');
  await expect(page).toHaveURL(EXIT);
});

test('Shift pressed with other keys, or too slowly, does not exit', async ({ page }) => {
  await neutralSite(page);
  await page.goto('/out-of-hours');
  await page.keyboard.press('Shift');
  await page.keyboard.press('a');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await expect(page).toHaveURL(/\/out-of-hours$/);
});
