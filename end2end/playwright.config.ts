import { defineConfig } from '@playwright/test';

// Three servers from the same build, each on its own SQLite file under target/e2e:
// - main: ordinary settings, demo data;
// - strict: a 4-second inactivity timeout (with the timeout warning off) and the default
//   throttle, for the tests that need sessions to end or accounts to lock without disturbing
//   the others, and three online-form posts an hour (the "too many" page);
// - timeout: a 20-second inactivity timeout with the warning 10 seconds before it, for the
//   timeout warning's tests (find-and-keep.spec.ts);
// - admin: ordinary settings, for the tests that activate new rules (rules.spec.ts), so the
//   other tests keep the built-in rules and these are not signed out by strict's 4 seconds.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// E2E_PORT moves the servers (default 3210, 3211 and 3212), so two checkouts can run their
// browser tests at the same time on one machine.
const BASE_PORT = Number(process.env.E2E_PORT ?? '3210');
export const MAIN = `http://127.0.0.1:${BASE_PORT}`;
export const STRICT = `http://127.0.0.1:${BASE_PORT + 1}`;
export const TIMEOUT = `http://127.0.0.1:${BASE_PORT + 2}`;
export const ADMIN = `http://127.0.0.1:${BASE_PORT + 3}`;

const server = (port: number, db: string, extra: Record<string, string>) => ({
  command: './target/debug/server',
  cwd: '..',
  url: `http://127.0.0.1:${port}/`,
  timeout: 120_000,
  reuseExistingServer: false,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  env: {
    FRONTDOOR_ADDR: `127.0.0.1:${port}`,
    FRONTDOOR_DATABASE_URL: `sqlite:target/e2e/${db}.db`,
    FRONTDOOR_DEMO: 'true',
    FRONTDOOR_SITE_ROOT: 'target/site',
    FRONTDOOR_LOG: 'warn',
    ...extra,
  },
});

export default defineConfig({
  testDir: './tests',
  // Two cores run two browsers, four servers and the debug WASM: long tests need room.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: MAIN,
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
  },
  webServer: [
    server(BASE_PORT, 'main', {}),
    // Three form posts an hour per address, for the online form's "too many" page.
    server(BASE_PORT + 1, 'strict', { FRONTDOOR_SESSION_IDLE_SECS: '4', FRONTDOOR_SESSION_WARNING_SECS: '0', FRONTDOOR_REQUEST_POSTS_PER_HOUR: '3' }),
    server(BASE_PORT + 2, 'timeout', { FRONTDOOR_SESSION_IDLE_SECS: '20', FRONTDOOR_SESSION_WARNING_SECS: '10' }),
    // Ordinary settings on a database of its own, for tests that put new rules in force.
    server(BASE_PORT + 3, 'admin', {}),
  ],
  projects: [
    { name: 'javascript-on', use: { javaScriptEnabled: true } },
    // Public pages must work with JavaScript off: every public test runs again without it.
    { name: 'javascript-off', use: { javaScriptEnabled: false }, testMatch: /public(-pages|-form|-refusals)?\.spec\.ts/ },
  ],
});
