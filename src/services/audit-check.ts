// The audit log's chained hash as the clerk and the office read it: checked at start (the
// result is logged), on the 政策库 screen, and by `yibao policy audit --verify`.
import type { ChainCheck } from '../store/ports.ts';

/** Null when the chain is intact; otherwise the first bad row (the verifier's Chinese) and what to do. */
export function auditProblem(check: ChainCheck): string | null {
  if (check.ok) return null;
  return `${check.message.replace(/。$/, '')}。政策库的修改记录已不可信：请勿再修改政策库，并联系维护人员用备份核对。`;
}

/** One line for `yibao policy audit --verify` when the chain is intact. */
export function auditIntact(check: Extract<ChainCheck, { ok: true }>): string {
  return `审计记录 ${check.rows} 条，链式摘要完整。`;
}
