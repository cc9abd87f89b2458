// Checking saved cases against a proposed library, a batch at a time: the part of the impact
// preview that assesses (in a worker thread, src/services/impact/worker.ts). Each case is
// assessed once with the probe (probe.ts); only a case that read a value the change would alter
// is assessed again with the proposed library, and its figures compared.
import type { CaseImpactView } from '../../api/shapes.ts';
import type { Assessment } from '../../core/assessment.ts';
import { assess } from '../../core/engine/assess.ts';
import { maskIdNumber } from '../../core/idcard.ts';
import { PolicySet, type PolicyRow } from '../../core/policy/policy-set.ts';
import { yuanText } from '../../core/policy/value-text.ts';
import { RegionDirectory, type RegionRow } from '../../core/regions.ts';
import { checkAndAssess } from '../../core/check-and-assess.ts';
import type { CaseScanRow } from '../../store/ports.ts';
import { ImpactProbe } from './probe.ts';

const money = (fen: unknown) => (typeof fen === 'number' ? yuanText(fen / 100) : '—');
const months = (n: unknown) => (typeof n === 'number' ? `${n} 个月` : '—');
const yesNo = (b: unknown) => (b === true ? '是' : b === false ? '否' : '未知');
const plain = (x: unknown) => (x === null || x === undefined ? '—' : String(x));

/** The figures an impact preview compares, each with how a person reads it (money in 元). */
export const FIGURES: ReadonlyArray<readonly [string, (a: Assessment) => unknown, (value: unknown) => string]> = [
  ['中断月数', (a) => a.interruption?.months ?? null, months],
  ['最迟缴费日', (a) => a.interruption?.keepShortDeadline ?? null, plain],
  ['补缴本金', (a) => a.backPay.principalFen, money],
  ['滞纳金', (a) => a.backPay.lateFeeFen, money],
  ['合计', (a) => a.backPay.totalFen, money],
  ['可否补缴', (a) => a.backPay.allowed, yesNo],
  ['等待期', (a) => a.benefits.waitingMonths, months],
  ['等待期上限', (a) => a.benefits.waitingMonthsMax, months],
  ['待遇起始月', (a) => a.benefits.from, plain],
  ['中断期间可否报销', (a) => a.benefits.retroactive, yesNo],
  ['退休年月', (a) => a.retirement.month, plain],
  ['所需缴费月数', (a) => a.lifetime.requiredMonths, months],
  ['退休时预计月数', (a) => a.lifetime.projectedAtRetirementMonths, months],
];

/** The figures that differ between two assessments of one case. */
export function changedFigures(before: Assessment, after: Assessment): CaseImpactView['changes'] {
  return FIGURES.flatMap(([figure, read, shown]) => {
    const b = read(before);
    const a = read(after);
    return JSON.stringify(b) === JSON.stringify(a) ? [] : [{ figure, before: shown(b), after: shown(a) }];
  });
}

/** What the checker needs: the library now and as proposed, and the region table (all plain data). */
export interface ImpactInputs {
  currentRows: readonly PolicyRow[];
  proposedRows: readonly PolicyRow[];
  regions: readonly RegionRow[];
}

export interface BatchResult {
  changed: CaseImpactView[];
  /** Cases that no longer pass validation (e.g. a region code since removed): not assessed. */
  unassessable: number;
  /** Cases assessed a second time (the probe saw them read a value the change alters). */
  reassessed: number;
}

/**
 * A proposed row identical to the current row of the same id is that very object, so the probe
 * and the engine see one row where nothing changed (rows come through a structured clone).
 */
function sharingRows(current: readonly PolicyRow[], proposed: readonly PolicyRow[]): PolicyRow[] {
  const byId = new Map(current.map((r) => [r.id, r]));
  return proposed.map((row) => {
    const same = byId.get(row.id);
    return same && JSON.stringify(same) === JSON.stringify(row) ? same : row;
  });
}

export class ImpactChecker {
  readonly #regions: RegionDirectory;
  readonly #proposed: PolicySet;
  readonly #probe: ImpactProbe;

  constructor(inputs: ImpactInputs) {
    this.#regions = new RegionDirectory(inputs.regions);
    const current = new PolicySet(inputs.currentRows, { invalidRows: 'flag' });
    this.#proposed = new PolicySet(sharingRows(current.rows, inputs.proposedRows), { invalidRows: 'flag' });
    this.#probe = new ImpactProbe(current, this.#proposed);
  }

  check(rows: readonly CaseScanRow[]): BatchResult {
    const result: BatchResult = { changed: [], unassessable: 0, reassessed: 0 };
    for (const row of rows) {
      let input: unknown;
      try {
        input = JSON.parse(row.caseJson);
      } catch {
        result.unassessable++;
        continue;
      }
      this.#probe.touched = false;
      const checked = checkAndAssess(input, { policies: this.#probe, regions: this.#regions });
      if (!checked.valid) {
        result.unassessable++;
        continue;
      }
      if (!this.#probe.touched) continue;
      result.reassessed++;
      // The same checked case, assessed again with the proposed library.
      const changes = changedFigures(checked.assessment, assess(checked.normalized, { policies: this.#proposed, regions: this.#regions }));
      if (changes.length)
        result.changed.push({
          caseId: row.id,
          personName: row.personName,
          idNumberMasked: row.idNumber ? maskIdNumber(row.idNumber) : null,
          changes,
        });
    }
    return result;
  }
}
