// Issue 12, item 1: sheet numbers come from a per-day, per-counter counter row that only
// ever increases. Erasing a client, the retention purge and a process killed while issuing
// never make a number be handed out twice, nor block the next one.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { caseFor, idNumberFor, tempDir } from './support.ts';

const PIN = '246810';
const KILLS = 6;

/** Starts a process taking numbers, reads `count` of them, kills it (SIGKILL) at once; the numbers it printed. */
function takeNumbersAndKill(file: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'sheet-taker.ts'), file, '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const numbers: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      buffer += c.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (/^\d{8}-/.test(line)) numbers.push(line);
      if (numbers.length >= count) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(numbers) : reject(new Error(`the number taker stopped by itself: ${stderr}`)),
    );
  });
}

const duplicates = (list: string[]) => list.filter((n, i) => list.indexOf(n) !== i);

describe('sheet numbers (issue 12, item 1)', () => {
  it('every number ever issued is unique: erasure, retention purges and killed processes never reuse or block one', async () => {
    const file = join(tempDir(), 'yibao.sqlite');
    const store = new Store({ file });
    await setAdminPin(store, PIN);
    const api = createServices(store);
    expect((await api.saveSettings({ officeName: '测试中心', counterNumber: '3', clerkName: '王', defaultRegion: '' })).ok).toBe(true);
    const issued: string[] = [];
    const issue = async (name: string, idNumber: string | null, save: boolean) => {
      let caseId: string | null = null;
      if (save) {
        const saved = await api.saveCase({ caseFile: caseFor(name, idNumber) });
        if (!saved.ok) throw new Error(saved.error.message);
        caseId = saved.value.id;
      }
      const sheet = await api.issueSheet({ caseId, caseFile: caseFor(name, idNumber) });
      expect(sheet.ok ? sheet.value.number : sheet.error.message, `issuing a sheet for ${name}`).toMatch(/^\d{8}-03-\d{4}$/);
      if (sheet.ok) issued.push(sheet.value.number);
    };

    await issue('甲', idNumberFor(11), true);
    await issue('乙', idNumberFor(13), true);
    await issue('丙', idNumberFor(15), true);
    // Erase the client holding the latest number, then one holding an earlier number.
    expect(await api.deleteClientData({ idNumber: idNumberFor(15), pin: PIN })).toMatchObject({ ok: true, value: { sheets: 1 } });
    await issue('丁', idNumberFor(17), true);
    expect(await api.deleteClientData({ idNumber: idNumberFor(11), pin: PIN })).toMatchObject({ ok: true, value: { sheets: 1 } });
    await issue('戊', idNumberFor(19), true);
    // The retention purge takes 乙's case with its sheet.
    store.db.prepare(`UPDATE case_record SET updated_at = '2020-01-01T00:00:00.000Z' WHERE person_name = '乙'`).run();
    expect(await api.setRetention({ days: 30, pin: PIN })).toMatchObject({ ok: true, value: { purged: 1 } });
    await issue('己', null, false);
    // Processes killed with SIGKILL while they issue numbers, the counter issuing in between.
    for (let k = 0; k < KILLS; k++) {
      issued.push(...(await takeNumbersAndKill(file, 3 + ((k * 7) % 17))));
      await issue(`庚${k}`, null, false);
    }

    expect(issued.length).toBeGreaterThan(KILLS * 4);
    expect(duplicates(issued)).toEqual([]);
    // Numbers only increase: each one is later than every one issued before it.
    const sequence = issued.map((n) => Number(n.slice(-4)));
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    store.close();
  });
});
