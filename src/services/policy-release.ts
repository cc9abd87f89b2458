// The shipped library's conflicts with the office's own rows (recorded when a release was applied:
// store/seed.ts), as an administrator sees and settles them: both sides with values, dates and
// sources; "keep mine" records the decision and changes nothing; "take the release's" puts the
// shipped row in for its dates (the office's rows kept before and after them), in one audited
// transaction with the decision.
import type { PolicyRow } from '../core/policy/policy-set.ts';
import { planTakeRelease } from '../core/policy/release.ts';
import { ServiceError } from '../api/result.ts';
import type { ConflictResolution, ReleaseConflictRecord, Repositories } from '../store/ports.ts';

export interface ReleaseConflict extends ReleaseConflictRecord {
  /** The rows here that stand in the way now (the office's): same key and region, overlapping dates. */
  office: PolicyRow[];
}

const FOREVER = '9999-12-31';
const overlaps = (a: PolicyRow, b: PolicyRow) =>
  a.region === b.region &&
  a.key === b.key &&
  a.effectiveFrom <= (b.effectiveTo ?? FOREVER) &&
  b.effectiveFrom <= (a.effectiveTo ?? FOREVER);

/** Open conflicts (or, with `all`, every one), each with the office's rows as they are now. */
export async function releaseConflicts(repos: Pick<Repositories, 'policy'>, options: { all?: boolean } = {}): Promise<ReleaseConflict[]> {
  const rows = (await repos.policy.library()).rows;
  return (await repos.policy.releaseConflicts(options)).map((c) => ({ ...c, office: rows.filter((r) => overlaps(r, c.row)) }));
}

/** Settles one open conflict; `actor` is recorded with the decision and in the audit. */
export async function resolveConflict(
  repos: Pick<Repositories, 'policy'>,
  id: number,
  resolution: ConflictResolution,
  actor: string,
): Promise<ReleaseConflict> {
  const conflict = (await releaseConflicts(repos)).find((c) => c.id === id);
  if (!conflict) throw new ServiceError('NOT_FOUND', `没有待处理的冲突 #${id}（可能已处理）`);
  const resolve = { conflictId: id, resolution, by: actor };
  if (resolution === 'mine') {
    await repos.policy.write(
      { actor, reason: `保留本地值，不采用内置政策库 ${conflict.release} 的 ${conflict.rowId}` },
      { documents: [], close: [], insert: [], resolve },
    );
  } else {
    const plan = planTakeRelease(conflict.office, conflict.row);
    await repos.policy.write(
      { actor, reason: `采用内置政策库 ${conflict.release} 的 ${conflict.rowId}` },
      { documents: [], remove: plan.remove, close: plan.close, replace: plan.replace, insert: plan.insert, resolve },
    );
  }
  return conflict;
}
