import { defineConfig } from '@playwright/test';

// Two servers from the same build, each on its own SQLite file under target/e2e:
// - main: ordinary settings, demo data;
// - strict: a 4-second inactivity timeout and the default throttle, for the tests that need
//   sessions to end or accounts to lock without disturbing the others.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// E2E_PORT moves both servers (default 3210 and 3211), so two checkouts can run their browser
// tests at the same time on one machine.
const BASE_PORT = Number(process.env.E2E_PORT ?? '3210');
export const MAIN = `http://127.0.0.1:${BASE_PORT}`;
export const STRICT = `http://127.0.0.1:${BASE_PORT + 1}`;

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
  timeout: 60_000,
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
    server(BASE_PORT + 1, 'strict', { FRONTDOOR_SESSION_IDLE_SECS: '4' }),
  ],
  projects: [
    { name: 'javascript-on', use: { javaScriptEnabled: true } },
    // Public pages must work with JavaScript off: every public test runs again without it.
    { name: 'javascript-off', use: { javaScriptEnabled: false }, testMatch: /public(-pages|-form)?\.spec\.ts/ },
  ],
});
