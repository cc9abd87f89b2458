// The store-at-scale benchmark must keep working (CI runs it small); its figures are only
// printed, never asserted: timings belong in `npm run bench` and docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('bench/store-scale.ts runs end to end on 5,000 cases and reports every figure, then removes its files', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'yibao-scale-')), 'scale');
  const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bench/store-scale.ts'], {
    env: { ...process.env, YIBAO_SCALE_CASES: '5000', YIBAO_SCALE_DIR: dir, YIBAO_BENCH_SMOKE: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/generated 5,000 cases/);
  expect(r.stdout).toMatch(/start-up \(open \+ bootstrap \+ latest 50\): empty store [\d.]+ ms, 5,000 cases [\d.]+ ms → ratio [\d.]+×/);
  expect(r.stdout).toMatch(/latest 50 of 5,000: median [\d.]+ ms; find by ID number: median [\d.]+ ms/);
  expect(r.stdout).toMatch(
    /search at 5,000 cases: rare name \(3 characters\) median [\d.]+ ms \(1 found\), last 4 digits of an ID number median [\d.]+ ms \([1-9]\d* found\) → [\d.]+ ms \(goal ≤ 20 ms/,
  );
  expect(r.stdout).toMatch(
    /draft save while searching \(\d+ searches back to back at 5,000 cases\): median [\d.]+ ms.*→ ratio [\d.]+× \(goal ≤ 3×\)/,
  );
  expect(r.stdout).toMatch(/background backup of the 5,000-case store/);
  expect(existsSync(dir)).toBe(false);
});
