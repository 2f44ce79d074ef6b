import { expect, test } from '@playwright/test';
import { DEMO_USERS, hydrated, signIn, signInAndWait } from './helpers';
import { STRICT } from '../playwright.config';

for (const [username, name, role] of DEMO_USERS) {
  test(`${role} (${username}) signs in and out`, async ({ page }) => {
    await signInAndWait(page, username);
    await expect(page.getByTestId('home-heading')).toHaveText(`Welcome, ${name}`);
    await expect(page.getByTestId('home-roles')).toHaveText(role);
    await expect(page.getByTestId('signed-in-name')).toHaveText(name);
    if (role === 'Administrator') {
      await expect(page.getByRole('link', { name: 'Users and their roles' })).toBeVisible();
      await expect(page.locator('#worklists')).toHaveCount(0);
    } else {
      await expect(page.locator('#worklists')).toBeVisible();
    }
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('signed-out')).toBeVisible();
    await page.goto('/staff');
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });
}

test('a wrong password shows the error summary and keeps the username', async ({ page }) => {
  await signIn(page, 'tm', 'not the password');
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Enter a correct username and password');
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: Sign in/);
  await expect(page.getByLabel('Username')).toHaveValue('tm');
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Username')).toBeFocused();
});

test('empty fields are named in the error summary', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.govuk-error-summary li')).toHaveText(['Enter your username', 'Enter your password']);
  await expect(page.locator('#username-error')).toContainText('Enter your username');
});

test('a staff page asked for before signing in comes back after signing in', async ({ page }) => {
  await page.goto('/staff/account/password');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstaff%2Faccount%2Fpassword|\/sign-in\?next=\/staff\/account\/password/);
  await hydrated(page);
  await page.getByLabel('Username').fill('sw');
  await page.getByLabel('Password').fill('frontdoor-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Change your password' })).toBeVisible();
});

test.describe('on the strict server', () => {
  test.use({ baseURL: STRICT });

  test('the session ends after the inactivity timeout and sign-in returns to the page', async ({ page }) => {
    await signInAndWait(page, 'rao');
    await page.getByRole('link', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/staff\/account\/password$/);
    await page.waitForTimeout(5_000);
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in\?next=.*ended=1/);
    await expect(page.getByTestId('session-ended')).toBeVisible();
    await hydrated(page);
    await page.getByLabel('Username').fill('rao');
    await page.getByLabel('Password').fill('frontdoor-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/staff\/account\/password$/);
  });

  test('repeated failures lock the account, even with the right password', async ({ page }) => {
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'fst', `wrong ${i}`);
      await expect(page.locator('.govuk-error-summary')).toContainText('Enter a correct username and password');
    }
    await signIn(page, 'fst');
    await expect(page.locator('.govuk-error-summary')).toContainText('You have tried to sign in too many times');
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
