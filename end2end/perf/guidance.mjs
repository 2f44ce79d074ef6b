// Measures re-evaluating guidance after one answer inside Chromium, in the WASM bundle the app
// ships: prints the mean per evaluation over several runs. Used by scripts/perf-guidance.
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3290';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(`${base}/`);
const runs = await page.evaluate(async () => {
  // A separate instance of the bundle: the page's own hydration already initialised the default one.
  const m = await import('/pkg/frontdoor.js?bench');
  await m.default({ module_or_path: '/pkg/frontdoor.wasm' });
  m.bench_guidance(200); // warm up
  const out = [];
  for (let i = 0; i < 7; i++) out.push(m.bench_guidance(2000));
  return out;
});
await browser.close();
runs.sort((a, b) => a - b);
const us = (ms) => (ms * 1000).toFixed(1);
console.log(`guidance after one answer, in Chromium (WASM): median ${us(runs[3])} µs, best ${us(runs[0])} µs, worst ${us(runs[6])} µs (7 runs x 2000)`);
