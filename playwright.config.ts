// Playwright: the renderer in Debian Chromium against browser mode (the same services
// on loopback), and Electron tests that skip with a reason when no Electron binary exists.
import { defineConfig } from '@playwright/test';
import { E2E_PORT } from './tests/e2e/ports.ts';
import { HALL_PORTS } from './tests/hall-e2e/hall-ports.ts';

export default defineConfig({
  workers: 1,
  fullyParallel: false,
  // A flaky test is a defect to fix, never a pass on the second try.
  retries: 0,
  timeout: 60_000,
  outputDir: '.tmp/playwright-results',
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}/`,
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
  webServer: [
    {
      command: `node scripts/e2e-server.mjs ${E2E_PORT}`,
      url: `http://127.0.0.1:${E2E_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      // The services' clock in the counter's zone too (sheet times, backup names, expiry days).
      env: { TZ: 'Asia/Shanghai' },
    },
    {
      // Started after the one above has built the renderer and the command line (hence --no-build).
      command: `node scripts/run-ts.mjs scripts/hall-demo.ts --no-build --ports ${HALL_PORTS.join(',')}`,
      url: `http://127.0.0.1:${HALL_PORTS[1]}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      // SIGTERM first, so the script stops PostgreSQL and removes its files (its server is not in this process group).
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
