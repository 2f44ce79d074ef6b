import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';
import { contactForEarlyHelp } from './workflow-helpers';

// Issue 8 point 2: a manager approves on a tablet (touch, portrait and landscape), and a decision
// confirmed during a network drop waits on the tablet, goes by itself when the connection
// returns, and is taken exactly once. The server side of "exactly once" is
// server/tests/http/workflow.rs (`a_decision_sent_again_under_its_id_…`).

for (const [name, viewport] of [['portrait', { width: 768, height: 1024 }], ['landscape', { width: 1024, height: 768 }]] as const) {
  test(`a decision made during a network drop on a tablet (${name}) is sent once the connection returns`, async ({ browser }) => {
    const { id } = await contactForEarlyHelp(browser, `Tablet ${name}: decided in a lift with no signal`);
    const context = await browser.newContext({ viewport, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await signInAndWait(page, 'ehm');
    await page.goto(`/staff/contacts/${id}`);
    await hydrated(page);
    const step = page.getByTestId('workflow-step');
    await step.getByLabel('Universal Plus: set actions for an RAO', { exact: true }).tap();
    const reason = `Ring the school first (${name} ${Date.now()})`;
    await page.locator('#reason').fill(reason);
    const confirm = page.getByTestId('decide');
    const box = await confirm.boundingBox();
    expect(box!.height, 'touch target').toBeGreaterThanOrEqual(44);

    await context.setOffline(true);
    await confirm.tap();
    await expect(page.getByTestId('decision-queued')).toContainText('will be sent by itself when the connection returns');
    await expect(confirm).toBeDisabled();
    await expect(page.locator('#reason')).toHaveValue(reason);

    await context.setOffline(false);
    await expect(page.getByTestId('decision-recorded')).toBeVisible({ timeout: 25_000 });
    await expect(page.getByTestId('decision-queued')).toHaveCount(0);
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('decision-log').locator('li').filter({ hasText: reason })).toHaveCount(1);
    // Nothing is left waiting to be sent again.
    const waiting = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('outbox:')).length);
    expect(waiting).toBe(0);
    await context.close();
  });
}
