import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';
import { contactForEarlyHelp } from './workflow-helpers';

// Live worklists (issue 8 point 1): the Early Help Manager's worklists page, left open, shows a
// contact another person's call sends there within seconds, without a reload; each deadline
// counts down.

// On the manager's tablet, held either way up, with touch (issue 8's "Done when").
for (const [name, viewport] of [['portrait', { width: 768, height: 1024 }], ['landscape', { width: 1024, height: 768 }]] as const) {
  test(`another user's change arrives live on an open worklists page on a tablet (${name})`, async ({ browser }) => {
    const ehm = await (await browser.newContext({ viewport, hasTouch: true, isMobile: true })).newPage();
    await signInAndWait(ehm, 'ehm');
    await ehm.goto('/staff/worklists');
    await hydrated(ehm);
    await expect(ehm.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
    await expect(ehm.getByTestId('live-status')).toContainText('Live');

    // An RAO, in another browser, takes a call that ends on the Early Help Manager's worklist.
    const { reference } = await contactForEarlyHelp(browser, `Live (${name}): school worried about attendance`);

    // The Early Help Manager's page, not reloaded, shows it waiting, with its deadline counting down.
    const row = ehm.getByTestId('pool').locator(`tr[data-reference="${reference}"]`);
    await expect(row).toBeVisible({ timeout: 10_000 });
    await expect(row.getByTestId('due-clock')).toHaveText(/^(in|overdue by) \d+/);
    await expect(ehm.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  });
}

test('a manager writing a reassignment reason keeps it while work changes elsewhere', async ({ browser }) => {
  const { reference } = await contactForEarlyHelp(browser, 'Live: a reason half written');
  const ehm = await (await browser.newContext()).newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto('/staff/worklists');
  await hydrated(ehm);
  await expect(ehm.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  const row = ehm.getByTestId('team-work').locator(`tr[data-reference="${reference}"]`);
  await row.getByRole('button', { name: /Reassign/ }).first().click();
  const reason = row.getByLabel('Why?');
  await reason.fill('Half way through writing');
  await row.getByLabel('Give to').selectOption({ label: 'Fatima Rahman' });

  // Someone else's call sends new work to this team while the form is open: the rows stay put.
  const later = await contactForEarlyHelp(browser, 'Live: arrives while a form is open');
  await expect(ehm.getByTestId('live-held')).toContainText('the lists will update when you close the reassign form', { timeout: 10_000 });
  await expect(ehm.getByTestId('pool').locator(`tr[data-reference="${later.reference}"]`)).toHaveCount(0);
  await reason.pressSequentially(', and still typing');
  await expect(reason).toHaveValue('Half way through writing, and still typing');
  await expect(row.getByLabel('Give to')).toHaveValue(/.+/);

  // Closing the form lets the waiting change in; opening it again finds the reason kept.
  await row.getByRole('button', { name: /Reassign/ }).first().click();
  await expect(ehm.getByTestId('pool').locator(`tr[data-reference="${later.reference}"]`)).toBeVisible({ timeout: 10_000 });
  await expect(ehm.getByTestId('live-held')).toHaveText('');
  await row.getByRole('button', { name: /Reassign/ }).first().click();
  await expect(row.getByLabel('Why?')).toHaveValue('Half way through writing, and still typing');
});

test('after a dropped connection the page reconnects by itself and catches up', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });
  const ehm = await context.newPage();
  await signInAndWait(ehm, 'ehm');
  await ehm.goto('/staff/worklists');
  await hydrated(ehm);
  const status = ehm.getByTestId('live-status');
  await expect(status).toHaveAttribute('data-state', 'live');
  await context.setOffline(true);
  await expect(status).toHaveAttribute('data-state', 'reconnecting', { timeout: 20_000 });
  await expect(status).toContainText('Reconnecting');
  // While it is down, a call ends on the Early Help Manager's worklist.
  const { reference } = await contactForEarlyHelp(browser, 'Live: made while the tablet was offline');
  await context.setOffline(false);
  await expect(status).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  // Changes made while disconnected are not replayed: the page fetches its lists again.
  await expect(ehm.getByTestId('pool').locator(`tr[data-reference="${reference}"]`)).toBeVisible({ timeout: 15_000 });
  await context.close();
});
