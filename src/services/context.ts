// What every slice of the services works with: the repositories, the operational log, the
// printer, and the few helpers they share (settings, the PIN gate, "not found").
import { fail, ServiceError, type Result } from '../api/result.ts';
import type { Repositories } from '../store/ports.ts';
import { checkAdminPin } from './admin-pin.ts';
import { guard } from './errors.ts';
import type { ImpactJobs } from './impact/jobs.ts';
import type { OpLog } from './log.ts';
import type { SheetPrinter } from './printer.ts';

export interface ServiceContext {
  readonly repos: Repositories;
  readonly log: OpLog;
  readonly printer: SheetPrinter;
  /** The time now (tests move it to check the PIN's waits and lockout). */
  readonly clock: () => Date;
  /** Impact previews running or recently ended (one registry per process that serves windows). */
  readonly impactJobs: ImpactJobs;
  /** Whose calls these are: 'local' for a counter's own window, the clerk and counter in a hall. */
  readonly caller: string;
  /**
   * The account behind the caller and where it is signed in (a hall: the clerk's user name and
   * counter): one impact preview per account at a time (issue 22, finding 13). 'local' at a counter.
   */
  readonly account: { name: string; counter: string };
}

export const CASE_MISSING = '找不到该案件（可能已被删除）。';
export const sheetMissing = (number: string) => `找不到编号为 ${number} 的告知单。`;

/** The value, or NOT_FOUND with `message` when there is none. */
export function found<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined) throw new ServiceError('NOT_FOUND', message);
  return value;
}

/** Runs `change` only with the right administrator PIN; otherwise nothing changes. */
export async function withPin<T>(
  ctx: ServiceContext,
  pin: string | null | undefined,
  change: () => Promise<Result<T>>,
): Promise<Result<T>> {
  const problem = await guard(() => checkAdminPin(ctx.repos, pin, { log: ctx.log, now: ctx.clock() }));
  if (!problem.ok) return problem;
  // The field named, so a form shows the PIN's problem beside the PIN.
  return problem.value ? fail('INVALID_INPUT', problem.value, [{ path: 'pin', message: problem.value }]) : change();
}
