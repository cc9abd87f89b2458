// Playwright: the renderer in Debian Chromium against browser mode (the same services
// on loopback), and Electron tests that skip with a reason when no Electron binary exists.
import { defineConfig } from '@playwright/test';
import { availableParallelism } from 'node:os';

export default defineConfig({
  // Each spec file has a server and database of its own (tests/e2e/support.ts, tests/hall-e2e/support.ts),
  // so files run side by side: one worker per core, at most two (the build machines have two).
  workers: Math.min(2, availableParallelism()),
  // Files in parallel; the tests of one file in order, in one worker.
  fullyParallel: false,
  // Builds the renderer and the Node bundles once, and empties .tmp/e2e.
  globalSetup: './tests/e2e/global-setup.ts',
  // A flaky test is a defect to fix, never a pass on the second try.
  retries: 0,
  timeout: 90_000,
  // Waiting for what the clerk sees: on a loaded machine (two suites on two cores) a screen can
  // take longer than Playwright's default 5 s to appear. A wait, not a retry: a wrong screen still fails.
  expect: { timeout: 15_000 },
  outputDir: '.tmp/playwright-results',
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright-report.json' }]],
  use: {
    // baseURL: the spec file's own server (the `baseURL` fixture of tests/e2e/support.ts).
    locale: 'zh-CN',
    // The counter PCs' usual screen (issue 11): every browser test runs at 1366×768.
    viewport: { width: 1366, height: 768 },
    // Times are shown in local time; the counters are in China.
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-features=Translate',
      ],
    },
  },
  projects: [
    { name: 'browser', testDir: 'tests/e2e' },
    { name: 'electron', testDir: 'tests/electron' },
    // A service hall: two `yibao serve --hall` instances on a throwaway PostgreSQL cluster (scripts/hall-demo.ts).
    { name: 'hall', testDir: 'tests/hall-e2e' },
  ],
});
