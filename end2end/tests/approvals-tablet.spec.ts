import { expect, test } from '@playwright/test';
import { hydrated, signInAndWait } from './helpers';
import { contactForEarlyHelp } from './workflow-helpers';

// Several calls per test, each answering a script in the debug WASM build (about a quarter of a
// second per answer there): more than the default minute.
test.describe.configure({ timeout: 180_000 });

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

// Issue 8 point 2: "reassign by dragging or by choosing a person". A finger drags a case's
// handle onto a person (real touch events through Chromium's DevTools protocol, which Chromium
// turns into pointer events as on a tablet); dropping opens the case's reassign form with the
// person chosen, because every reassignment carries a reason.
test('a manager on a tablet reassigns by dragging a case onto a person, then gives the reason', async ({ browser }) => {
  const { reference } = await contactForEarlyHelp(browser, 'Dragged to a person on a tablet');
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signInAndWait(page, 'ehm');
  await page.goto('/staff/worklists');
  await hydrated(page);
  const row = page.getByTestId('team-work').locator(`tr[data-reference="${reference}"]`);
  const handle = row.getByTestId('drag-handle');
  const cdp = await context.newCDPSession(page);
  const drag = async (person: string) => {
    await handle.scrollIntoViewIfNeeded();
    const from = (await handle.boundingBox())!;
    expect(Math.min(from.width, from.height), 'the handle is a touch target').toBeGreaterThanOrEqual(44);
    const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
    await expect(page.getByTestId('drag-ghost')).toHaveText(reference);
    const target = page.getByTestId('drop-targets').getByTestId('drop-target').filter({ hasText: person });
    const to = (await target.boundingBox())!;
    expect(to.height, 'a person is a touch target').toBeGreaterThanOrEqual(44);
    const end = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
    for (let i = 1; i <= 6; i++) {
      const p = { x: start.x + ((end.x - start.x) * i) / 6, y: start.y + ((end.y - start.y) * i) / 6 };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
    }
    await expect(target).toHaveClass(/fd-drop-target--over/);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(page.getByTestId('drag-ghost')).toHaveCount(0);
  };

  // Someone whose roles do not take this worklist's work: said plainly, nothing is sent.
  await drag('Tom Okafor');
  await expect(row.locator('.govuk-error-summary')).toContainText('Tom Okafor does not work the');
  await drag('Fatima Rahman');
  await expect(row.locator('.govuk-error-summary')).toHaveCount(0);
  await expect(row.locator('select option:checked')).toHaveText('Fatima Rahman');
  await expect(row.getByLabel('Why?')).toBeFocused();
  await row.getByLabel('Why?').fill('I know this family from the last episode');
  await row.locator('form').getByRole('button', { name: 'Reassign' }).click();
  // A busy server may take a while to answer; the notice says when it has.
  await expect(page.getByTestId('worklist-notice')).toContainText('reassigned', { timeout: 30_000 });
  await expect(page.getByTestId('my-work').locator(`tr[data-reference="${reference}"]`)).toBeVisible();
  await context.close();
});
