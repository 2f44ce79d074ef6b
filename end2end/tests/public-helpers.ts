import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, expect, Page } from '@playwright/test';

/** WCAG 2.2 AA, as axe-core tags it. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Fails on any axe violation, listing each rule and the elements it found. */
export async function expectNoAxeViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  expect(found, `axe on ${what}`).toEqual([]);
}

/** Nothing wider than the window: no sideways scrolling at this width. */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${what} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
}

// With JavaScript off, nothing can run inside the page, axe included. So each document the
// server sent is kept as it arrived and checked again, byte for byte, in a page of its own at
// the same address where axe can run. (The HTML is the same either way: our pages render
// everything on the server.)
const documents = new WeakMap<Page, Promise<string>>();

/** Keeps the last HTML document the server sent to `page` (call before the first `goto`). */
export function keepDocuments(page: Page) {
  page.on('response', (r) => {
    const req = r.request();
    // Every page the server sent (refusals too: 400, 413, 422, 429), but not a redirect.
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)) {
      documents.set(page, r.text());
    }
  });
}

/** Axe, a 320px phone and 200% zoom (a 1280px window lays out in 640 CSS pixels; a 640x400
 * window stands in for it), axe again at each size. */
export async function checkPage(page: Page, browser: Browser, javaScriptEnabled: boolean, what: string) {
  let target = page;
  let context: BrowserContext | null = null;
  if (!javaScriptEnabled) {
    const html = await (documents.get(page) ?? Promise.resolve(''));
    expect(html, `the HTML of ${what}`).toContain('<!DOCTYPE html>');
    const origin = new URL(page.url()).origin;
    context = await browser.newContext({ javaScriptEnabled: true });
    target = await context.newPage();
    await target.route(`${origin}/__as-sent__`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await target.goto(`${origin}/__as-sent__`);
  }
  try {
    // A form post's new URL shows before its stylesheet has arrived; axe on an unstyled page
    // finds every link too small to tap, so wait for the page to finish loading first.
    await target.waitForLoadState('load');
    const size = target.viewportSize() ?? { width: 1280, height: 720 };
    await expectNoAxeViolations(target, what);
    await target.setViewportSize({ width: 320, height: 640 });
    await expectNoSidewaysScroll(target, `${what} at 320px`);
    await expectNoAxeViolations(target, `${what} at 320px`);
    await target.setViewportSize({ width: 640, height: 400 });
    await expectNoSidewaysScroll(target, `${what} at 200% zoom`);
    await expectNoAxeViolations(target, `${what} at 200% zoom`);
    await target.setViewportSize(size);
  } finally {
    if (context) await context.close();
  }
}

/** Records every request for the app's hydrating bundle (its JavaScript or its WASM) and, with
 * `anyWasm`, for any WASM at all. The form's guidance pages may load their own small guidance
 * WASM (`/request-support/pkg/…`); information pages load none. */
export function watchForWasm(page: Page, anyWasm = false): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (/\/pkg\/frontdoor(_bg)?\.(js|wasm)/.test(r.url()) || (anyWasm && /\.wasm(\?|$)|public_guidance/.test(r.url()))) seen.push(r.url());
  });
  return seen;
}

/** Counts requests that could carry answers to the server while a page is filled in (any POST,
 * and any request to the old guidance endpoint), and makes them fail. */
export function refuseAnswersToServer(page: Page): { count: number } {
  const seen = { count: 0 };
  page.route(/\/guidance$/, (route) => {
    seen.count += 1;
    return route.abort();
  });
  page.on('request', (r) => {
    if (r.method() === 'POST') seen.count += 1;
  });
  return seen;
}

/** Presses Tab until the element matching `selector` has focus (keyboard only, bounded). Uses
 * Playwright's own selector engine, which works with the page's JavaScript off. */
export async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 60; i++) {
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

export const CONTINUE = 'form[data-testid="support-form"] button[type="submit"]';

export type Step = { path: string; fill: (page: Page) => Promise<void> };

/** The professional's answers, one page at a time (Universal Plus, with consent). */
export const PROFESSIONAL: Step[] = [
  { path: 'who', fill: async (p) => p.getByLabel('As a professional').check() },
  { path: 'danger', fill: async (p) => p.getByLabel('No', { exact: true }).check() },
  {
    path: 'about-you',
    fill: async (p) => {
      await p.getByLabel('Your full name').fill('Alex Teacher');
      await p.getByLabel('Your organisation').fill('Example Primary School');
      await p.getByLabel('Your role').fill('Designated safeguarding lead');
      await p.getByLabel('Your e-mail address (optional)').fill('alex@school.example');
    },
  },
  { path: 'relationship', fill: async (p) => p.getByLabel('Yes', { exact: true }).check() },
  {
    path: 'child',
    fill: async (p) => {
      await p.getByLabel('First name').fill('Robin');
      await p.getByLabel('Last name').fill('Browsertest');
      await p.getByLabel('Day').fill('12');
      await p.getByLabel('Month').fill('3');
      await p.getByLabel('Year').fill('2017');
      await p.getByLabel('Address').fill('1 Example Road, Exampletown');
      await p.getByLabel('Postcode').fill('AB1 2CD');
    },
  },
  {
    path: 'about-the-child',
    fill: async (p) => {
      await p.getByLabel('Ethnicity').fill('White British');
      await p.getByLabel('Special needs').fill('None');
    },
  },
  {
    path: 'family',
    fill: async (p) => {
      await p.getByLabel("Names of the child's parents or carers").fill('Jo Browsertest');
      await p.getByLabel('Brothers and sisters').fill('none');
      await p.getByLabel('Other people who live with the child').fill('none');
    },
  },
  {
    path: 'concern',
    fill: async (p) => {
      await p.getByLabel('What are you worried about?').fill("Robin's behaviour in class has changed a lot this term.");
      await p.getByLabel('Behaviour at home, school or in the community').check();
    },
  },
  {
    path: 'consent',
    fill: async (p) => {
      await p.getByLabel('Yes, they have given consent').check();
      await p.getByLabel('If yes, who gave consent?').fill('Jo Browsertest, mother');
      await p.getByLabel('Support through an Early Help Assessment').check();
    },
  },
];

/** Starts a new request from the start page. */
export async function startRequest(page: Page) {
  await page.goto('/request-support');
  await page.getByRole('button', { name: 'Start now' }).click();
  await expect(page).toHaveURL(/\/request-support\/who$/);
}

/** Posts `fields` to `action` from a plain HTML form (no script: it works with JavaScript off),
 * as a browser would, and returns the server's answer to the navigation. The form is served at
 * `<origin>/__post__` by the test itself; the post goes to the real server. */
export async function postForm(page: Page, origin: string, action: string, fields: Record<string, string>, enctype = 'application/x-www-form-urlencoded') {
  const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const html = `<!DOCTYPE html><html lang="en"><head><title>post</title></head><body><form method="post" action="${escape(action)}" enctype="${enctype}">${inputs}<button type="submit">Send</button></form></body></html>`;
  await page.route(`${origin}/__post__`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${origin}/__post__`);
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send' }).click()]);
  return response;
}
