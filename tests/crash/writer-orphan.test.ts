// The crash-safety writer must never outlive the test that started it: when the test's process
// dies (Vitest's worker killed at a timeout, the run stopped), the writer, which saves in an
// endless loop, notices it has lost its parent and exits instead of writing on for ever.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'yibao-orphan-'));
const db = join(dir, 'orphan.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A stand-in for the test's worker: starts the writer as crash-safety.test.ts does and prints
// the writer's pid, at once or once the writer says it is writing; then waits to be killed.
const standIn = (when: 'starting' | 'writing') => `
  const { spawn } = require('node:child_process');
  const w = spawn(process.execPath, [...process.argv.slice(1), String(process.pid)], { stdio: ['ignore', 'pipe', 'inherit'] });
  ${when === 'writing' ? "w.stdout.once('data', () => console.log(String(w.pid)));" : 'console.log(String(w.pid));'}
  setInterval(() => {}, 1000);`;

it.each(['writing', 'starting'] as const)(
  'a writer whose parent is killed with SIGKILL while it is %s exits by itself',
  async (when) => {
    if (when === 'writing') new Store({ file: db }).close(); // created, migrated and seeded once
    const writer = [join(import.meta.dirname, 'writer.ts'), db, join(dir, `journal-${when}.txt`), '0'];
    const parent = spawn(process.execPath, ['-e', standIn(when), ...writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    const writerPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (c: Buffer) => resolve(Number(String(c).trim())));
      parent.once('exit', (code) => reject(new Error(`stand-in parent exited ${code} before the writer started`)));
    });
    try {
      parent.kill('SIGKILL');
      // Waiting for an event (the writer's exit), bounded: the writer checks its parent every round.
      const deadline = performance.now() + 30_000;
      while (alive(writerPid) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(alive(writerPid), `writer ${writerPid} still running after its parent was killed`).toBe(false);
    } finally {
      if (alive(writerPid)) process.kill(writerPid, 'SIGKILL');
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    }
  },
  60_000,
);
