// Months and overlapping history entries (issue 14: validation in n log n, not every pair): months
// are read as before, and the overlap messages are exactly those of the pairwise check it
// replaced — each entry reported against the nearest earlier entry (by start, then by row) that
// reaches its start — for random histories; the longest history allowed (1,000 entries) passes.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMonth, parseMonth } from '../../src/core/calendar.ts';
import { validateCase } from '../../src/core/validate.ts';
import { seededStore } from '../support/engine.ts';

const example = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'example-case.json'), 'utf8')) as Record<
  string,
  unknown
>;
const FIRST = parseMonth('2000-01')!;

/** The pairwise check as it was before (src/core/validate.ts until issue 14), for comparison. */
function pairwise(entries: Array<{ from: number; to: number }>): Array<{ path: string; message: string }> {
  const sorted = entries.map((e, index) => ({ ...e, index })).sort((a, b) => a.from - b.from || a.index - b.index);
  const out: Array<{ path: string; message: string }> = [];
  for (let i = 1; i < sorted.length; i++) {
    for (let j = i - 1; j >= 0; j--) {
      const a = sorted[j]!;
      const b = sorted[i]!;
      if (a.to >= b.from) {
        const hi = Math.min(a.to, b.to);
        out.push({
          path: `history[${b.index}]`,
          message: `与 history[${a.index}]（${formatMonth(a.from)} 至 ${formatMonth(a.to)}）重叠：${formatMonth(b.from)}${hi > b.from ? ` 至 ${formatMonth(hi)}` : ''}`,
        });
        break;
      }
    }
  }
  return out;
}

const withHistory = (entries: Array<{ from: number; to: number }>) => ({
  ...example,
  history: entries.map((e) => ({ from: formatMonth(e.from), to: formatMonth(e.to), scheme: 'employee', status: 'paid', base: 8000 })),
});

describe('months as typed', () => {
  it('parseMonth reads exactly the texts YYYY-MM with a real month and a year from 1900 to 2199', () => {
    const pattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
    const expected = (text: string) => {
      const m = pattern.exec(text);
      return m && Number(m[1]) >= 1900 && Number(m[1]) <= 2199 ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
    };
    const texts = fc.oneof(
      fc.string({ maxLength: 9 }),
      fc
        .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }))
        .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
      fc.stringMatching(/^[0-9１２]{4}[-/][0-9a ]{2}$/),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(parseMonth(text)).toBe(expected(text));
      }),
      { numRuns: 5000, seed: 14 },
    );
  });
});

describe('overlapping history entries', () => {
  const regions = seededStore().regions();
  it('gives exactly the messages of the pairwise check, for random histories', () => {
    const entry = fc.tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 30 })).map(([start, length]) => ({
      from: FIRST + start,
      to: FIRST + start + length,
    }));
    fc.assert(
      fc.property(fc.array(entry, { minLength: 0, maxLength: 25 }), (entries) => {
        const result = validateCase(withHistory(entries), regions);
        const overlaps = result.ok ? [] : result.errors.filter((e) => e.message.includes('重叠'));
        expect(overlaps.map(({ path, message }) => ({ path, message }))).toEqual(pairwise(entries));
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('a chain of overlaps is reported entry by entry, each against the nearest earlier entry reaching it', () => {
    const entries = [
      { from: FIRST, to: FIRST + 40 },
      { from: FIRST + 5, to: FIRST + 10 },
      { from: FIRST + 20, to: FIRST + 25 },
      { from: FIRST + 41, to: FIRST + 50 },
    ];
    const result = validateCase(withHistory(entries), regions);
    expect(result.ok ? [] : result.errors.map((e) => `${e.path} ${e.message}`)).toEqual([
      'history[1] 与 history[0]（2000-01 至 2003-05）重叠：2000-06 至 2000-11',
      'history[2] 与 history[0]（2000-01 至 2003-05）重叠：2001-09 至 2002-02',
    ]);
  });

  it('the longest history allowed (1,000 one-month entries, in reverse order) with no overlap passes', () => {
    const start = parseMonth('1910-01')!;
    const entries = Array.from({ length: 1000 }, (_, i) => ({ from: start + i, to: start + i })).reverse();
    const result = validateCase(
      { ...withHistory(entries), person: { ...(example.person as object), idNumber: null, birth: '1900-01' } },
      regions,
    );
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
