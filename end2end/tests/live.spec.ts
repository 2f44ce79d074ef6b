import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';
import { contactForEarlyHelp } from './workflow-helpers';

// Live worklists (issue 8 point 1): the Early Help Manager's worklists page, left open, shows a
// contact another person's call sends there within seconds, without a reload; each deadline
// counts down.

test("another user's change arrives live on an open worklists page", async ({ browser }) => {
  const ehm = await (await browser.newContext()).newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto('/staff/worklists');
  await hydrated(ehm);
  await expect(ehm.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  await expect(ehm.getByTestId('live-status')).toContainText('Live');

  // An RAO, in another browser, takes a call that ends on the Early Help Manager's worklist.
  const { reference } = await contactForEarlyHelp(browser, 'Live: school worried about attendance');

  // The Early Help Manager's page, not reloaded, shows it waiting, with its deadline counting down.
  const row = ehm.getByTestId('pool').locator(`tr[data-reference="${reference}"]`);
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row.getByTestId('due-clock')).toHaveText(/^(in|overdue by) \d+/);
  await expect(ehm.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
});
