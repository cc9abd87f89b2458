// Issue 12, item 2: the loopback server (browser mode) and the command line write to the same
// database at the same time. Every write waits for the other process (busy timeout, immediate
// transactions, retry): not one save may fail with "database is locked".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../../src/server/loopback.ts';
import { openLocal } from '../../src/services/open-local.ts';
import { caseFor, idNumberFor, tempDir, yibaoAsync } from './support.ts';

// Sized by what it proves, not by the clock: two command lines and the server write at once, and
// the server saves for as long as a command line runs (each run is a whole process, about a
// second of CPU: 16 runs took half a minute at a load of 14 and ran out of time at 20–30).
const CLI_LOOPS = 2;
const CLI_RUNS_PER_LOOP = 3;
const MIN_SAVES = 50;

describe('two processes writing at once (issue 12, item 2)', () => {
  it('the server saves cases while the command line issues sheets: 0 failed saves', async () => {
    const dir = tempDir();
    const file = join(dir, 'yibao.sqlite');
    const local = await openLocal(file);
    const { server, url } = await startLoopbackServer({ api: local.api });
    const caseFile = join(dir, 'case.json');
    writeFileSync(caseFile, JSON.stringify(caseFor('并发测试', idNumberFor(21))));
    const call = async (method: string, input: unknown) => {
      const response = await fetch(`${url}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yibao': '1' },
        body: JSON.stringify({ input }),
      });
      return (await response.json()) as { ok: boolean; error?: { message: string } };
    };

    let cliDone = 0;
    const cliFailures: string[] = [];
    const cliLoop = async (loop: number) => {
      for (let run = 0; run < CLI_RUNS_PER_LOOP; run++) {
        const r = await yibaoAsync(['sheet', caseFile, '--html', join(dir, `sheet-${loop}-${run}.html`), '--db', file]).done;
        if (r.code !== 0) cliFailures.push(r.stderr);
      }
      cliDone++;
    };
    const loops = Array.from({ length: CLI_LOOPS }, (_, i) => cliLoop(i));

    const failures: string[] = [];
    let saves = 0;
    while (cliDone < CLI_LOOPS || saves < MIN_SAVES) {
      const saved = await call('saveCase', { caseFile: caseFor(`窗口客户${saves}`, idNumberFor(23)) });
      if (!saved.ok) failures.push(saved.error?.message ?? '?');
      const draft = await call('saveDraft', { caseId: null, form: { person: { name: `草稿${saves}` } } });
      if (!draft.ok) failures.push(draft.error?.message ?? '?');
      saves++;
    }
    await Promise.all(loops);
    server.close();
    local.close();

    expect(saves).toBeGreaterThanOrEqual(MIN_SAVES);
    expect(failures).toEqual([]);
    expect(cliFailures).toEqual([]);
  });
});
