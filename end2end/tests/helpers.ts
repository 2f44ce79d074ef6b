import { expect, Page } from '@playwright/test';

export const DEMO_PASSWORD = 'frontdoor-demo';

/** Every role's demo account: username, display name, role label (see server/src/demo.rs). */
export const DEMO_USERS: [string, string, string][] = [
  ['bso', 'Jordan Blake', 'Business Support Officer'],
  ['ehbso', 'Kai Morgan', 'Business Support Officer'],
  ['rao', 'Priya Nair', 'Referral and Advice Officer'],
  ['ehrao', 'Tom Okafor', 'Early Help Referral and Advice Officer'],
  ['sw', 'Hannah Reid', 'CASS Social Worker'],
  ['tm', 'Marcus Hale', 'Team Manager / Senior Practitioner'],
  ['tl', 'Grace Lin', 'Team Leader'],
  ['duty', 'Owen Price', 'Duty Manager'],
  ['ehm', 'Fatima Rahman', 'Early Help Manager / Senior Early Help Coordinator'],
  ['cog', 'Leah Morris', 'COG Manager'],
  ['fst', 'Daniel Evans', 'FST Manager'],
  ['mash', 'Chloe Adams', 'ASTI / MASH team'],
  ['tys', 'Ryan Scott', 'MASH TYS representative'],
  ['ehrep', 'Amira Khan', 'MASH Early Help representative'],
  ['lado', 'Ben Carter', 'LADO'],
  ['edt', 'Nina Walsh', 'Emergency Duty Team'],
  ['admin', 'Sam Taylor', 'Administrator'],
];

/** Waits until the WASM bundle has hydrated the page, so clicks reach Leptos' handlers. */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, base = '') {
  await page.goto(`${base}/sign-in`);
  await hydrated(page);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAndWait(page: Page, username: string, base = '') {
  await signIn(page, username, DEMO_PASSWORD, base);
  await expect(page.getByTestId('home-heading')).toBeVisible();
  await hydrated(page);
}
