import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';

// Live worklists (issue 8 point 1): a Team Manager's worklists page, left open, shows another
// manager taking work within seconds, without a reload; each deadline counts down.

test("another manager's change arrives live on an open worklists page", async ({ browser }) => {
  const tm = await (await browser.newContext()).newPage();
  await signInAndWait(tm, 'tm');
  await tm.goto('/staff/worklists');
  await hydrated(tm);
  await expect(tm.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  await expect(tm.getByTestId('live-status')).toContainText('Live');
  const row = tm.getByTestId('pool').locator('tr[data-reference]').first();
  await expect(row).toBeVisible();
  const reference = await row.getAttribute('data-reference');
  await expect(row.getByTestId('due-clock')).toHaveText(/^(in|overdue by) \d+/);

  // The Duty Manager, in another browser, takes it.
  const duty = await (await browser.newContext()).newPage();
  await signInAndWait(duty, 'duty');
  await duty.goto('/staff/worklists');
  await hydrated(duty);
  await duty.getByTestId('pool').locator(`tr[data-reference="${reference}"]`).getByTestId('take').click();
  await expect(duty.getByTestId('worklist-notice')).toContainText('The work is yours');

  // The Team Manager's page, not reloaded, shows who holds it now.
  await expect(tm.getByTestId('pool').locator(`tr[data-reference="${reference}"]`)).toHaveCount(0, { timeout: 10_000 });
  await expect(tm.getByTestId('team-work').locator(`tr[data-reference="${reference}"]`)).toContainText('Owen Price');
});
