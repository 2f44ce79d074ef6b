import { expect, test } from '@playwright/test';
import { checkPage, keepDocuments, watchForWasm } from './public-helpers';

// Runs twice: with JavaScript on and off (see playwright.config.ts).

const PAGES: [string, string][] = [
  ['/what-to-expect', 'What to expect when you contact us about a child'],
  ['/ask-for-support', 'How to ask for support for a child'],
  ['/out-of-hours', 'Urgent help out of hours'],
  ['/privacy', 'Privacy notice'],
  ['/accessibility', 'Accessibility statement'],
  ['/request-support', 'Ask for support for a child'],
];

const EXIT = 'https://www.bbc.co.uk/weather';

for (const [path, heading] of PAGES) {
  test(`${path} is complete without the app, passes axe, and fits a phone and 200% zoom`, async ({ page, browser, javaScriptEnabled }) => {
    keepDocuments(page);
    const wasm = watchForWasm(page, true);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByTestId('exit-this-page')).toBeVisible();
    await checkPage(page, browser, javaScriptEnabled, path);
    expect(wasm, 'public pages load no WASM').toEqual([]);
    await page.setViewportSize({ width: 320, height: 640 });
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
}

test('"What to expect" follows seed 004 and shows the contacts an administrator set', async ({ page }) => {
  await page.goto('/what-to-expect');
  for (const section of ['Who answers', 'Parental Responsibility and what we can tell you', 'What could happen next', 'Consent', 'The outcomes letter', 'How long it takes', 'If you already have an allocated worker', 'If it is urgent']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: 'Consent' })).toHaveAttribute('href', '#consent');
  await expect(page.getByText('Duty Manager decides that we must gather information')).toBeVisible();
  await expect(page.getByRole('link', { name: '0100 000 0000' }).first()).toHaveAttribute('href', 'tel:01000000000');
});

test('"Exit this page" is a link to a neutral site, so it works when nothing else runs', async ({ page }) => {
  await page.goto('/what-to-expect');
  const button = page.getByRole('button', { name: 'Emergency Exit this page' });
  await expect(button).toHaveAttribute('href', EXIT);
  await expect(button).toHaveAttribute('rel', 'nofollow noreferrer');
});
