// The responsiveness benchmark must keep working (npm test runs it small); its figures are only
// printed, never asserted: timings belong in `npm run bench` and docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findChromium } from '../../src/sheet/pdf.ts';

it('bench/responsive.ts runs end to end on 2,000 cases and reports every figure, then removes its files', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'yibao-responsive-')), 'impact');
  const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'bench/responsive.ts'], {
    env: { ...process.env, YIBAO_IMPACT_CASES: '2000', YIBAO_IMPACT_DIR: dir, YIBAO_BENCH_SMOKE: '1' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/assessing 2,000 saved cases alone in a loop: [\d.]+ s/);
  expect(r.stdout).toMatch(
    /impact preview over 2,000 cases, one city .*: 2,000 of 2,000 checked \([\d,]+ ruled out .* worker thread\).* → [\d.]+× assessing them alone \(goal ≤ 2×\); memory growth -?\d+ MB \(goal ≤ 100 MB\)/,
  );
  expect(r.stdout).toMatch(/impact preview over 2,000 cases, national .*: 2,000 of 2,000 checked \(0 ruled out/);
  expect(r.stdout).toMatch(/draft save while the server runs a full impact preview \(2,000 cases checked\): .*ratio [\d.]+× \(goal ≤ 3×\)/);
  if (findChromium()) expect(r.stdout).toMatch(/draft save while the server makes sheet PDFs .*ratio [\d.]+× \(goal ≤ 3×\)/);
  expect(existsSync(dir)).toBe(false);
}, 300_000);
