// Issue 12, item 7: the sheet's PDF is made by Chromium, whose temporary profile holds the
// client's name once it has loaded the sheet (since issue 22 the HTML is handed over the DevTools
// pipe, never written as a file by us; Chromium's cache still keeps the page). That profile lives
// in the data folder, never in the system's temp folder; it is removed on every way out —
// success, Chromium failing, SIGTERM, SIGINT — and one left by a process killed outright
// (SIGKILL) is removed at the next start. Chromium is stood in for by a script speaking the
// DevTools pipe that keeps the page it was given in its profile (tests/support/fake-chromium.ts).
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLocal } from '../../src/services/open-local.ts';
import { writeFakeChromium } from '../support/fake-chromium.ts';
import { caseFor, filesContaining, tempDir, waitFor, yibao, yibaoAsync } from './support.ts';

/** The stand-in Chromiums started by a test, killed afterwards whatever happened (they outlive a killed parent). */
const pidFiles: string[] = [];
afterEach(() => {
  for (const file of pidFiles.splice(0)) {
    if (!existsSync(file)) continue;
    for (const pid of readFileSync(file, 'utf8').trim().split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

const NAME = '临时文件测试';

describe('temporary copies of sheets (issue 12, item 7)', () => {
  it('stay in the data folder and are removed on every exit path; stale ones are removed at start', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const systemTmp = join(dir, 'system-tmp');
    mkdirSync(data);
    mkdirSync(systemTmp);
    const db = join(data, 'yibao.sqlite');
    const caseFile = join(dir, 'case.json');
    writeFileSync(caseFile, JSON.stringify(caseFor(NAME)));
    const pids = join(dir, 'pids');
    const chromium = writeFakeChromium(dir);
    pidFiles.push(pids);
    const env = (mode: string) => ({
      CHROMIUM_PATH: chromium,
      FAKE_CHROMIUM_MODE: mode,
      FAKE_CHROMIUM_PIDS: pids,
      TMPDIR: systemTmp,
    });
    // Stand-ins that have the sheet (and so the name) in their profile.
    const started = () => (existsSync(`${pids}.loaded`) ? readFileSync(`${pids}.loaded`, 'utf8').trim().split('\n').length : 0);
    const leftovers = () => [
      ...filesContaining(data, NAME).filter((f) => !f.endsWith('yibao.sqlite') && !f.includes('-wal')),
      ...filesContaining(systemTmp, NAME),
    ];
    const out = (n: number) => join(dir, `sheet-${n}.pdf`);

    // Success and failure: nothing left.
    expect(yibao(['sheet', caseFile, '--out', out(1), '--db', db], { env: env('ok') }).code).toBe(0);
    expect(leftovers()).toEqual([]);
    const failed = yibao(['sheet', caseFile, '--out', out(2), '--db', db], { env: env('fail') });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('未能生成 PDF');
    expect(leftovers()).toEqual([]);

    // Stopped while Chromium runs (SIGTERM, SIGINT): the copy is removed on the way out.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const before = started();
      const run = yibaoAsync(['sheet', caseFile, '--out', out(3), '--db', db], env('hang'));
      await waitFor(() => started() > before, 'the stand-in Chromium to load the sheet');
      expect(filesContaining(systemTmp, NAME)).toEqual([]);
      run.kill(signal);
      const result = await run.done;
      expect(result.code, `${signal}: ${result.stderr}`).not.toBe(0);
      expect(leftovers()).toEqual([]);
    }

    // Killed outright: the copy is left, in the data folder only; the next start removes it.
    const before = started();
    const killed = yibaoAsync(['sheet', caseFile, '--out', out(4), '--db', db], env('hang'));
    await waitFor(() => started() > before, 'the stand-in Chromium to load the sheet');
    killed.kill('SIGKILL');
    await killed.done;
    expect(filesContaining(systemTmp, NAME)).toEqual([]);
    expect(leftovers().length).toBeGreaterThan(0);
    expect(yibao(['assess', caseFile, '--db', db]).code).toBe(0);
    expect(leftovers()).toEqual([]);

    // The same at the start of the services (browser mode, Electron).
    const count = started();
    const again = yibaoAsync(['sheet', caseFile, '--out', out(5), '--db', db], env('hang'));
    await waitFor(() => started() > count, 'the stand-in Chromium to load the sheet');
    again.kill('SIGKILL');
    await again.done;
    (await openLocal(db)).close();
    expect(leftovers()).toEqual([]);
    expect(readdirSync(systemTmp)).toEqual([]);
    // Seven runs of the command line, each starting Node and the stand-in: a minute or more on a loaded machine.
  }, 240_000);
});
