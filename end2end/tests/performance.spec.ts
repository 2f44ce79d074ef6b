import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signInAndWait } from './helpers';

// Service performance on a manager's tablet (issue 8 point 3): charts drawn as SVG with their
// tables, in portrait and landscape, touch only; a week's figure opens the contacts behind it.

for (const [name, viewport] of [['portrait', { width: 768, height: 1024 }], ['landscape', { width: 1024, height: 768 }]] as const) {
  test(`a manager reads the charts and drills into a week on a tablet (${name})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await signInAndWait(page, 'tm');
    await page.goto('/staff/performance');
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service performance');
    const contacts = Number(await page.getByTestId('total-contacts').textContent());
    expect(contacts).toBeGreaterThan(0);
    for (const chart of ['chart-sources', 'chart-levels', 'chart-timely', 'chart-conversion']) {
      const svg = page.getByTestId(chart).locator('svg[role="img"]');
      await expect(svg).toBeVisible();
      // Drawn inside the screen's width: nothing to scroll sideways for.
      const box = await svg.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(viewport.width);
    }
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

    // The busiest week's link opens the contacts behind it. Other tests add contacts to this
    // week as they run, so only an earlier week's figure must match exactly.
    const rows = page.getByTestId('table-sources').locator('tbody tr');
    const weeks = await rows.count();
    let best = 0;
    let bestCount = -1;
    for (let i = 0; i < weeks; i++) {
      const n = Number(await rows.nth(i).locator('td').last().textContent());
      if (n > bestCount) [best, bestCount] = [i, n];
    }
    await rows.nth(best).getByRole('link').tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contacts behind the figures');
    const shown = Number((await page.getByTestId('drill-count').textContent())?.split(' ')[0]);
    if (best === weeks - 1) expect(shown).toBeGreaterThanOrEqual(bestCount);
    else expect(shown).toBe(bestCount);
    await expect(page.getByTestId('drill-contacts').locator('tbody tr')).toHaveCount(shown);

    // Per day, chosen in the filters: a figure a day, each day linking to its contacts.
    await page.goto('/staff/performance');
    await hydrated(page);
    await page.getByLabel('Count').selectOption('day');
    await page.getByRole('button', { name: 'Show the figures' }).tap();
    await expect(page.getByRole('heading', { name: 'Contacts per day by source' })).toBeVisible();
    await expect(page.getByTestId('table-sources').locator('tbody tr').first().getByRole('link')).toHaveAttribute('href', /from=(\d{4}-\d{2}-\d{2})&to=\1&/);

    // The Early Help desk's figures: the demo's EHAs arrived this week; its link lists them.
    await page.goto('/staff/performance');
    await hydrated(page);
    for (const chart of ['chart-eha-received', 'chart-eha-outcomes']) {
      await expect(page.getByTestId(chart).locator('svg[role="img"]')).toBeVisible();
    }
    expect(Number(await page.getByTestId('eha-received').textContent())).toBeGreaterThan(0);
    const thisWeek = page.getByTestId('table-eha').locator('tbody tr').last();
    const received = Number(await thisWeek.locator('td').first().textContent());
    expect(received).toBeGreaterThan(0);
    await thisWeek.getByRole('link').tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('EHAs behind the figures');
    // The list arrives after the heading: wait for its count before counting its rows.
    await expect(page.getByTestId('drill-count')).toBeVisible();
    expect(await page.getByTestId('drill-ehas').locator('tbody tr').count()).toBeGreaterThanOrEqual(received);
    await context.close();
  });
}
