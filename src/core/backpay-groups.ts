// Back-pay months grouped for reading: consecutive months on the same terms become one
// row. The engine's explanation, the printed sheet and `yibao assess --text` all group
// with this one function, so the three never describe the same months differently.
import type { BackPayLine } from './assessment.ts';
import { parseMonth, type YearMonth } from './calendar.ts';

export interface BackPayGroup {
  first: BackPayLine;
  last: BackPayLine;
  /** Index of the group's first line in the lines given. */
  start: number;
  count: number;
  /** Sum over the group's months; null when any month's figure cannot be computed. */
  principalFen: number | null;
  lateFeeFen: number | null;
}

function sameTerms(a: BackPayLine, b: BackPayLine): boolean {
  return (
    a.reason === b.reason &&
    a.scheme === b.scheme &&
    a.region === b.region &&
    a.baseFen === b.baseFen &&
    a.rate === b.rate &&
    a.flatAmountFen === b.flatAmountFen &&
    JSON.stringify(a.levies ?? null) === JSON.stringify(b.levies ?? null)
  );
}

/**
 * Groups lines in their order. `months` lets the engine pass the month numbers it already
 * has instead of parsing the labels again.
 */
export function groupBackPayLines(lines: readonly BackPayLine[], months?: readonly YearMonth[]): BackPayGroup[] {
  const groups: BackPayGroup[] = [];
  let previousMonth = Number.NaN;
  for (const [i, line] of lines.entries()) {
    // An unreadable label (never produced by the engine) only stops grouping.
    const month = months?.[i] ?? parseMonth(line.month) ?? Number.NaN;
    const group = groups[groups.length - 1];
    if (group && month === previousMonth + 1 && sameTerms(group.first, line)) {
      group.last = line;
      group.count++;
      group.principalFen = group.principalFen === null || line.principalFen === null ? null : group.principalFen + line.principalFen;
      group.lateFeeFen = group.lateFeeFen === null || line.lateFeeFen === null ? null : group.lateFeeFen + line.lateFeeFen;
    } else {
      groups.push({ first: line, last: line, start: i, count: 1, principalFen: line.principalFen, lateFeeFen: line.lateFeeFen });
    }
    previousMonth = month;
  }
  return groups;
}
