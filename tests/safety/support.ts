// Helpers for the data-safety tests (issue 12): temporary data folders, cases with a given
// name and ID number, the command line as a user runs it, and waiting on a condition.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { idCheckChar } from '../../src/core/idcard.ts';

export const root = join(import.meta.dirname, '..', '..');
export const CLI = join(root, 'bin', 'yibao.mjs');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as Record<string, unknown> & {
  person: Record<string, unknown>;
};

const dirs: string[] = [];
/** A fresh folder, removed after the test. */
export function tempDir(prefix = 'yibao-safety-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop() ?? '', { recursive: true, force: true });
});

/** The spec's example case for another person (the ID must fit the example's birth month and sex). */
export function caseFor(name: string, idNumber: string | null = null): Record<string, unknown> {
  return { ...example, person: { ...example.person, name, idNumber } };
}

/** A valid ID number of a man born 1976-08-15 in 320102, with the given 3-digit sequence (odd). */
export function idNumberFor(sequence: number): string {
  const first17 = `32010219760815${String(sequence).padStart(3, '0')}`;
  return `${first17}${idCheckChar(first17)}`;
}

/** A valid ID number (born 1976-08-15, male) whose check character is X. */
export function idNumberEndingInX(): string {
  for (let s = 1; s < 999; s += 2) {
    const id = idNumberFor(s);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no ID ending in X');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `yibao …` run to the end. */
export function yibao(args: string[], options: { env?: Record<string, string>; input?: string | Buffer; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    input: options.input,
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `yibao …` started in the background (the caller waits for it or kills it). */
export function yibaoAsync(args: string[], env: Record<string, string> = {}): ChildProcess & { done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(child, { done });
}

/** Waits until `condition` holds, checking every few milliseconds; fails after `limit` checks. */
export async function waitFor(condition: () => boolean, what: string, limit = 6000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Every file under a folder (recursively). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files under a folder whose bytes contain the text (UTF-8). */
export function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return filesUnder(dir).filter((f) => readFileSync(f).includes(needle));
}

/** English engine text and stack traces a clerk must never see. */
const ENGINE_TEXT =
  /Cannot |Invalid |Expected |received |Maximum call stack|URI ?malformed|URIError|TypeError|RangeError|SyntaxError|disk is full|unable to open|readonly database|database is locked|SQLITE_|ENOENT|EROFS|EACCES|ENOSPC|EISDIR|Unexpected (token|end)|is not valid JSON|\n\s+at /;

/** True when a message is Chinese and carries no English engine text or stack trace. */
export function isPlainChinese(message: string): boolean {
  return /[\u4e00-\u9fff]/.test(message) && !ENGINE_TEXT.test(message);
}
