// Crash safety: a process writing cases and drafts is killed with SIGKILL at random moments,
// 120 times. Each time the database must pass PRAGMA integrity_check, every case whose commit
// had returned must be there, and the latest committed draft must be recoverable.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';

const KILLS = Number(process.env.YIBAO_CRASH_KILLS ?? 120);
const dir = mkdtempSync(join(tmpdir(), 'yibao-crash-'));
// The writer of the round under way, if any: stopped before the folder goes (a test that timed
// out leaves its last round running; the writer also exits by itself once this process is gone).
let writer: ChildProcess | null = null;
afterAll(() => {
  if (writer && writer.exitCode === null && writer.signalCode === null) writer.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function runAndKill(db: string, journal: string, seed: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'writer.ts'), db, journal, String(seed), String(process.pid)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    writer = child;
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs of a writing process: integrity ok, every committed case present, latest draft recoverable`, async () => {
    const db = join(dir, 'crash.sqlite');
    new Store({ file: db }).close(); // created, migrated and seeded once
    let expectedCases = 0;
    let kills = 0;
    for (let round = 0; round < KILLS; round++) {
      const journal = join(dir, `journal-${round}.txt`);
      // Random moments: some right after start-up, most in the middle of writing.
      await runAndKill(db, journal, round, Math.floor(Math.random() * (round % 5 === 0 ? 5 : 60)));
      kills++;
      const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean) : [];
      const committed = lines.filter((l) => l.startsWith('case ')).map((l) => l.slice(5));
      const drafts = lines.filter((l) => l.startsWith('draft ')).map((l) => Number(l.slice(6)));
      expectedCases += committed.length;

      const check = new Database(db);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const id of committed)
        expect(check.prepare('SELECT 1 FROM case_record WHERE id = ?').get(id), `case ${id} committed before the kill`).toBeTruthy();
      const count = check.prepare(`SELECT count(*) FROM case_record WHERE person_name LIKE '写入测试-%'`).pluck().get() as number;
      // Cases committed but not yet journaled when killed may exist too; none may be missing.
      expect(count).toBeGreaterThanOrEqual(expectedCases);
      expectedCases = count;
      if (drafts.length) {
        const draft = JSON.parse(check.prepare(`SELECT draft_json FROM case_draft WHERE slot = 'current'`).pluck().get() as string);
        expect(draft.counter).toBeGreaterThanOrEqual(drafts[drafts.length - 1]!);
        expect(draft.person.name).toBe(`写入测试-${round}-${draft.counter}`);
      }
      check.close();
    }
    expect(kills).toBe(KILLS);
    // The store still opens normally afterwards (WAL replayed, no migration surprises).
    const store = new Store({ file: db });
    expect(store.schemaVersion).toBe(store.appSchemaVersion);
    store.close();
  }, 600_000);
});
