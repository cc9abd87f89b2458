// The services behind the API: one slice per part of the table (src/api/methods.ts), joined
// into the one object the transports dispatch to. Plain TypeScript over the repositories
// (src/store/ports.ts) and the engine, shared by Electron's main process, the loopback server
// of browser mode and the command line.
import type { YibaoApi } from '../api/contract.ts';
import type { Repositories } from '../store/ports.ts';
import { chromiumPrinter } from './chromium-printer.ts';
import type { ServiceContext } from './context.ts';
import { ImpactJobs } from './impact/jobs.ts';
import { OpLog } from './log.ts';
import type { SheetPrinter } from './printer.ts';
import { caseServices } from './slices/cases.ts';
import { dataServices } from './slices/data.ts';
import { draftAndSettingsServices } from './slices/drafts-settings.ts';
import { localHallServices } from './slices/hall.ts';
import { policyServices } from './slices/policy.ts';
import { reminderServices } from './slices/reminders.ts';
import { sheetServices } from './slices/sheets.ts';
import { statisticsServices } from './slices/statistics.ts';

export interface ServiceOptions {
  log?: OpLog;
  /** Who makes PDFs and prints (Electron's windows; by default headless Chromium, which cannot print). */
  printer?: SheetPrinter;
  /** The time now; the system clock by default. */
  clock?: () => Date;
  /** Impact previews: shared by every call of one server (a hall makes services per request); new by default. */
  impactJobs?: ImpactJobs;
  /** Who calls (a hall: the clerk and counter of the session), so a preview is seen and superseded by its own caller only. */
  caller?: string;
  /** The account behind the caller (a hall: the session's user name and counter): one impact preview per account. */
  account?: { name: string; counter: string };
}

/** Every slice, by the name the API table gives it. */
export const SLICES = {
  cases: caseServices,
  draftsAndSettings: draftAndSettingsServices,
  sheets: sheetServices,
  policy: policyServices,
  data: dataServices,
  hall: localHallServices,
  reminders: reminderServices,
  statistics: statisticsServices,
} as const;

export function createServices(repos: Repositories, options: ServiceOptions = {}): YibaoApi {
  const ctx: ServiceContext = {
    repos,
    log: options.log ?? new OpLog(null),
    printer: options.printer ?? chromiumPrinter,
    clock: options.clock ?? (() => new Date()),
    impactJobs: options.impactJobs ?? new ImpactJobs(),
    caller: options.caller ?? 'local',
    account: options.account ?? { name: options.caller ?? 'local', counter: '' },
  };
  return {
    ...SLICES.cases(ctx),
    ...SLICES.draftsAndSettings(ctx),
    ...SLICES.sheets(ctx),
    ...SLICES.policy(ctx),
    ...SLICES.data(ctx),
    ...SLICES.hall(),
    ...SLICES.reminders(ctx),
    ...SLICES.statistics(ctx),
  };
}
