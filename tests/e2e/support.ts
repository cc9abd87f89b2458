// Helpers for the browser tests: reading what the clerk sees, and running the CLI on the
// same case for comparison.
import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const SHOTS = join(root, '.tmp', 'screens');

export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: '核算结果' })).toBeVisible();
}

/** The figures shown in the results panel, as text. */
export async function shownFigures(page: Page) {
  const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();
  return {
    interruptionMonths: await page
      .getByTestId('interruption-months')
      .textContent()
      .catch(() => null),
    principal: await text('principal'),
    lateFee: await text('late-fee'),
    total: await text('total'),
    benefitsFrom: await text('benefits-from'),
    waiting: await text('waiting'),
    retroactive: await text('retroactive'),
    counted: await text('counted'),
    required: await text('required'),
    retirement: await text('retirement'),
    projected: await text('projected'),
  };
}

/** `yibao assess` on a case file, as JSON. */
export function cliAssess(caseFile: unknown): Record<string, any> {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-e2e-cli-'));
  const file = join(dir, 'case.json');
  writeFileSync(file, JSON.stringify(caseFile));
  const r = spawnSync(
    join(root, 'node_modules', '.bin', 'node'),
    [join(root, 'bin', 'yibao.mjs'), 'assess', file, '--db', join(dir, 'cli.sqlite')],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`yibao assess failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const fen = (value: number) => `${(value / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
