// The explanation, the printed sheet and `yibao assess --text` describe the back-paid
// months in the same rows (one grouping, src/core/backpay-groups.ts), for every golden case.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupBackPayLines } from '../../src/core/backpay-groups.ts';
import { formatFen } from '../../src/core/money.ts';
import { assessmentToText } from '../../src/cli/text.ts';
import { buildSheetData } from '../../src/sheet/sheet-data.ts';
import { run, seededStore } from '../support/engine.ts';

const dir = join(import.meta.dirname, '..', 'golden', 'valid');
const store = seededStore();
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, caseFile: JSON.parse(readFileSync(join(dir, f), 'utf8')).case }))
  .map((c) => ({ ...c, outcome: run(c.caseFile, store) }))
  .filter((c) => c.outcome.ok && c.outcome.assessment.backPay.lines.length > 0);

describe('back-pay rows: one grouping for explanation, sheet and --text', () => {
  it('there are golden cases with several rows to compare', () => {
    expect(cases.filter((c) => c.outcome.ok && groupBackPayLines(c.outcome.assessment.backPay.lines).length > 1).length).toBeGreaterThan(3);
  });

  for (const c of cases) {
    it(c.name, () => {
      if (!c.outcome.ok) throw new Error('unreachable');
      const a = c.outcome.assessment;
      const groups = groupBackPayLines(a.backPay.lines);
      // Each group is consecutive months on the same terms, and the groups cover every line once.
      expect(groups.reduce((n, g) => n + g.count, 0)).toBe(a.backPay.lines.length);
      const sum = (xs: Array<number | null>) => (xs.includes(null) ? null : (xs as number[]).reduce((x, y) => x + y, 0));
      expect(sum(groups.map((g) => g.principalFen))).toBe(a.backPay.principalFen);

      const sheet = buildSheetData({
        number: 'T-1',
        issuedAt: '2026-11-22T09:00:00',
        office: { name: '测试', counter: '1', clerk: '测' },
        caseFile: c.caseFile,
        assessment: a,
      });
      expect(sheet.backPayRows).toHaveLength(groups.length);
      sheet.backPayRows.forEach((row, i) =>
        expect(row.amount).toBe(groups[i]!.principalFen === null ? '—' : formatFen(groups[i]!.principalFen!)),
      );

      const text = assessmentToText(a, c.caseFile.person.name).split('\n');
      const textRows = text.filter((l) => /^　　\d{4}-\d{2}/.test(l));
      expect(textRows).toHaveLength(groups.length);
      textRows.forEach((row, i) => expect(row.startsWith(`　　${groups[i]!.first.month}`)).toBe(true));

      const explanation = a.explanations.find((e) => e.id === 'backpay.principal')!.text;
      expect(explanation.split('；').filter((part) => /（(欠费|中断期)，/.test(part))).toHaveLength(groups.length);
    });
  }
});
