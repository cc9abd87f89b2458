// The hall browser tests' own hall (issue 19): each spec file gets a service hall of its own —
// a throwaway PostgreSQL cluster, one hall database with the accounts of hall-ports.ts, and two
// `yibao serve --hall` instances on ports the kernel picks (scripts/hall-demo.ts, bundled by
// the Playwright setup). A spec imports `test` and `expect` from here:
//
//   import { expect, test } from './support.ts';
//   test('…', async ({ browser, hall }) => { … hall.urls[0] … hall.urls[1] … });
//
// The hall starts when the file's first test asks for `hall` and is stopped (cluster removed)
// when the worker moves on to another file or ends. The instances run on the machine's clock
// (the hall's times are PostgreSQL's now()); a test that depends on today sets the window's
// clock (page.clock) and gives its cases their own dates.
import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { E2E_DATA, root } from '../e2e/support.ts';

export interface OwnHall {
  /** The two instances, http://127.0.0.1:PORT/ each. */
  urls: readonly [string, string];
}

interface OwnHalls {
  forFile(file: string): Promise<OwnHall>;
}

async function startHall(file: string): Promise<{ hall: OwnHall; stop: () => Promise<void> }> {
  // What the hall prints (its instances' errors too), for a failing test to be read by.
  mkdirSync(E2E_DATA, { recursive: true });
  const log = join(E2E_DATA, `hall-${basename(file, '.spec.ts')}-${process.pid}.log`);
  const child = spawn(
    join(root, 'node_modules', '.bin', 'node'),
    [join(root, '.tmp', 'run-ts', 'hall-demo.mjs'), '--no-build', '--ports', '0,0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'Asia/Shanghai' } },
  );
  let output = '';
  const urls = await new Promise<[string, string]>((ready, failed) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      appendFileSync(log, d);
      const started = /两个服务实例：(\S+)\s+(\S+)/.exec(output);
      if (started?.[1] && started[2]) ready([started[1], started[2]]);
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      appendFileSync(log, d);
    });
    child.on('exit', (code) => failed(new Error(`hall demo exited ${String(code)}: ${output}`)));
  });
  return {
    hall: { urls },
    // SIGTERM: the script stops both instances and PostgreSQL and removes the cluster's files.
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const test = base.extend<{ hall: OwnHall }, { ownHalls: OwnHalls }>({
  ownHalls: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      // The hall of the file this worker is running (one at a time).
      const state: { file: string; hall: OwnHall; stop: () => Promise<void> }[] = [];
      const stop = async () => await state.pop()?.stop();
      await use({
        async forFile(file) {
          if (state[0]?.file === file) return state[0].hall;
          await stop();
          const started = await startHall(file);
          state.push({ file, ...started });
          return started.hall;
        },
      });
      await stop();
    },
    { scope: 'worker' },
  ],
  // Its own timeout: starting a cluster and two instances is not the test's time.
  hall: [
    async ({ ownHalls }, use, testInfo) => {
      await use(await ownHalls.forFile(testInfo.file));
    },
    { timeout: 120_000 },
  ],
});
export { expect };
