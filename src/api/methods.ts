// The one API table: per method, the slice of the services that answers it, the schema
// every call is checked against before it reaches them, and the type of what it answers.
// Everything else is derived from this table: the contract type YibaoApi and API_METHODS
// (contract.ts), the dispatcher (dispatch.ts), Electron's preload and IPC handlers, the
// loopback server and the window's HTTP transport, and the services' slices.
import * as v from 'valibot';
import type { CoverageReport } from '../core/policy/coverage.ts';
import type { RegionRow } from '../core/regions.ts';
import { IsoDate, PolicyEditSchema, schemaFields, schemaProblems } from '../core/policy/row.ts';
import type { FieldError } from '../core/validate.ts';
import { idNumber, pin, recordId, regionCode, SettingsSchema, text, type Settings } from './inputs.ts';
import type {
  AccountView,
  AssessOutcome,
  AuditEntryView,
  BackupView,
  Bootstrap,
  CaseSummary,
  ClientExport,
  DeletedCaseView,
  Draft,
  HallSession,
  HallStatus,
  ImpactJobView,
  ImpactPage,
  IssuedSheet,
  PackPreview,
  PolicyChangePreview,
  PolicyLibraryView,
  PolicyEditsPreview,
  PolicyReleaseView,
  ReleaseConflictView,
  ReminderExport,
  ReminderList,
  SavedCase,
  SaveReceipt,
  SheetSummary,
  StatisticsExport,
  StatisticsView,
  SheetVerificationView,
  StatementPreview,
} from './shapes.ts';

/** The parts of the services (src/services/slices), each answering its own methods. */
export type Slice = 'cases' | 'draftsAndSettings' | 'sheets' | 'policy' | 'data' | 'hall' | 'reminders' | 'statistics';

export interface MethodSpec<S extends Slice, I extends v.GenericSchema, O> {
  readonly slice: S;
  readonly input: I;
  /**
   * How a refused input is told to the clerk, one Chinese line per problem naming the field
   * (when the input is something the clerk typed); by default the schema's messages.
   */
  readonly problems?: (issues: readonly v.BaseIssue<unknown>[]) => string[];
  /** The same problems by field path (`edit.value`, `edits[2].grade`), for a form to show beside each field. */
  readonly fields?: (issues: readonly v.BaseIssue<unknown>[]) => FieldError[];
  /** Type only (never set): what the method answers with. */
  readonly output?: O;
}

/** One row of the table: `method<Output>()(slice, inputSchema)`. */
const method =
  <O>() =>
  <S extends Slice, I extends v.GenericSchema>(slice: S, input: I, problems?: MethodSpec<S, I, O>['problems']): MethodSpec<S, I, O> =>
    problems ? { slice, input, problems, fields: schemaFields } : { slice, input };

/** An issue as if the input were what is under `key` (the dated edit inside addPolicyValue's input). */
function under(key: string, issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> {
  const [first, ...rest] = issue.path ?? [];
  if (first?.key !== key) return issue;
  const [head, ...tail] = rest;
  return { ...issue, path: head ? [head, ...tail] : undefined };
}

/** The problems of a dated edit, each naming its field as the 政策库 screen does. */
const editProblems =
  (key?: string) =>
  (issues: readonly v.BaseIssue<unknown>[]): string[] =>
    schemaProblems(key ? issues.map((issue) => under(key, issue)) : issues);

/** Where and when the typical situations of a local rule are assessed (core/policy/typical.ts). */
const TypicalInput = v.strictObject({ region: regionCode, scheme: v.picklist(['employee', 'flexible']), paymentDate: IsoDate });

/** Which reminders: the last day to pay within `within` days (1–366) of `asOf` (YYYY-MM-DD; default today). */
const ReminderQuery = v.strictObject({
  within: v.pipe(v.number('请填写天数'), v.integer('天数应为整数'), v.minValue(1, '天数至少为 1'), v.maxValue(366, '天数不能超过 366')),
  asOf: v.optional(v.nullable(IsoDate)),
});

/** What the window notes of a case it assessed (统计's 核算案件); bounded, as a hall treats every call as hostile. */
const AssessmentNoteInput = v.strictObject({
  consultation: v.pipe(v.string(), v.regex(/^[0-9a-z-]{8,40}$/i, '核算记录编号无效')),
  region: regionCode,
  scheme: v.picklist(['employee', 'flexible', 'resident']),
  interruptionMonths: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2400))),
  unknowns: v.pipe(
    v.array(
      v.strictObject({
        code: v.picklist(['MISSING_PARAMETER', 'LOCAL_RULE_MISSING']),
        key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9.]{1,100}$/, '政策项目代码无效')),
        region: v.nullable(regionCode),
      }),
    ),
    v.maxLength(60),
  ),
});

/** 统计's days (起始日期 to 截止日期, at most 366 days) and, optionally, one counter (窗口) or clerk (经办人). */
const StatisticsQuery = v.pipe(
  v.strictObject({
    from: IsoDate,
    to: IsoDate,
    counter: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(20, '窗口号过长'), v.regex(/^\d*$/, '窗口号应为数字')))),
    clerk: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(40, '经办人姓名过长')))),
  }),
  v.check((q) => q.from <= q.to, '起始日期不能晚于截止日期'),
  v.check((q) => Date.parse(q.to) - Date.parse(q.from) <= 365 * 86_400_000, '统计范围不能超过 366 天'),
);

/** No input: the method is called without an argument (`void`, so callers may omit it). */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- only `void` lets a caller leave the argument out
const NONE = v.custom<void>((input) => input === undefined, '此接口不接受参数');
// 20 MB of text bounds memory for a bad call; far above any real pack or statement.
const bulk = v.pipe(v.string(), v.maxLength(20_000_000));

export const API = {
  // ── cases (案件): the workbench, saved cases, statement import
  /** Everything the window needs at start, in one call. */
  bootstrap: method<Bootstrap>()('cases', NONE),
  /** Validates and assesses a case (any JSON; the engine's validator checks it); field errors come back as data. */
  assess: method<AssessOutcome>()('cases', v.unknown()),
  regions: method<RegionRow[]>()('cases', NONE),
  listCases: method<CaseSummary[]>()(
    'cases',
    v.strictObject({ text: v.optional(text(100)), limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))) }),
  ),
  getCase: method<SavedCase>()('cases', recordId),
  /**
   * Saves a valid case (new when id is absent); returns its id and new version. Invalid cases are
   * refused with field errors. With `version` (the one opened), a case saved meanwhile elsewhere is
   * refused with CONFLICT and that other version, so nothing is overwritten unseen.
   */
  saveCase: method<SaveReceipt>()(
    'cases',
    v.strictObject({
      id: v.optional(v.nullable(recordId)),
      caseFile: v.unknown(),
      version: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1)))),
    }),
  ),
  /** Moves a saved case to the recycle bin (回收站): an administrator can restore it (issue 22, finding 18). */
  deleteCase: method<null>()('cases', recordId),
  /** The recycle bin: deleted cases, most recently deleted first (at most 200). */
  deletedCases: method<DeletedCaseView[]>()('cases', NONE),
  /** Puts a deleted case back as it was, with its sheets (administrator PIN; recorded with who restored it). */
  restoreCase: method<CaseSummary>()('cases', v.strictObject({ id: recordId, pin })),
  /** Parses a CSV or XLSX contribution statement into history rows with per-row errors. */
  parseStatement: method<StatementPreview>()('cases', v.strictObject({ fileName: text(260), base64: bulk })),

  // ── the working draft and the counter's settings
  getDraft: method<Draft | null>()('draftsAndSettings', NONE),
  saveDraft: method<{ updatedAt: string }>()('draftsAndSettings', v.strictObject({ caseId: v.nullable(recordId), form: v.unknown() })),
  clearDraft: method<null>()('draftsAndSettings', NONE),
  getSettings: method<Settings>()('draftsAndSettings', NONE),
  saveSettings: method<Settings>()('draftsAndSettings', SettingsSchema),

  // ── printed sheets (告知单)
  /** The sheet for the case as it is now, marked 预览（未编号）: rendered only, never numbered or stored. */
  previewSheet: method<{ html: string }>()('sheets', v.strictObject({ caseFile: v.unknown() })),
  /** Numbers and stores a sheet for the case as it is now (assessed again by the services). */
  issueSheet: method<IssuedSheet>()('sheets', v.strictObject({ caseId: v.nullable(recordId), caseFile: v.unknown() })),
  /** A stored sheet, exactly as handed out (its bytes must still match its hash). */
  getSheet: method<IssuedSheet>()('sheets', recordId),
  listSheets: method<SheetSummary[]>()('sheets', recordId),
  /** 核验告知单: whether a sheet is one issued here, unchanged, and whether its figures still hold today. */
  verifySheet: method<SheetVerificationView>()('sheets', v.strictObject({ code: text(200) })),
  /**
   * Records an output the window made itself: in browser mode the window opens the browser's
   * print dialog, so a "print" is recorded as a print request (whether it was printed is not
   * known there); "pdf" and "html" are files it saved.
   */
  recordPrint: method<null>()('sheets', v.strictObject({ number: recordId, kind: v.picklist(['print', 'pdf', 'html']) })),
  /** The sheet as an A4 PDF (base64), made by the counter's printer service; recorded as a print of kind "pdf". */
  sheetPdf: method<{ base64: string; contentHash: string }>()('sheets', recordId),
  /** Sends the sheet to a printer; recorded only once the printer reports it printed (Electron only). */
  printSheet: method<null>()('sheets', recordId),

  // ── the policy library (政策库)
  /** The whole library with what the 政策库 screen needs (keys, expiring documents, trusted keys, PIN set?). */
  policyLibrary: method<PolicyLibraryView>()('policy', NONE),
  /** A token that changes whenever the library changes (a hall's counters poll it to stay current). */
  policyVersion: method<string>()('policy', NONE),
  policyAudit: method<AuditEntryView[]>()(
    'policy',
    v.strictObject({ limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))) }),
  ),
  /** Checks a dated edit and shows what it would change (no PIN needed to look). */
  previewPolicyValue: method<PolicyChangePreview>()('policy', PolicyEditSchema, editProblems()),
  addPolicyValue: method<PolicyChangePreview>()('policy', v.strictObject({ edit: PolicyEditSchema, pin }), editProblems('edit')),
  /**
   * Checks a set of dated edits saved together (本地规则设置), shows what they change, their impact
   * on saved cases and, with `typical`, what the counter answers in the typical situations now
   * and with them (no PIN needed to look).
   */
  previewPolicyEdits: method<PolicyEditsPreview>()(
    'policy',
    v.strictObject({ edits: v.array(PolicyEditSchema), typical: v.optional(v.nullable(TypicalInput)) }),
    editProblems(),
  ),
  /** Saves a set of dated edits in one audited transaction (the same path as one edit: PIN, audit). */
  addPolicyValues: method<PolicyEditsPreview>()('policy', v.strictObject({ edits: v.array(PolicyEditSchema), pin }), editProblems()),
  /** A signed pack of the regions a set of edits touches, as the library would be with them (for every counter). */
  exportPolicyEditsPack: method<{ text: string; contentHash: string; values: number }>()(
    'policy',
    v.strictObject({
      edits: v.array(PolicyEditSchema),
      privateKeyPem: text(10_000),
      createdBy: v.pipe(v.string(), v.minLength(1, '请填写出具单位'), v.maxLength(100)),
    }),
    editProblems(),
  ),
  /** How an impact preview (started by a preview call) is getting on; the caller's own previews only. */
  impactProgress: method<ImpactJobView>()('policy', recordId),
  /** A page of the changed cases an impact preview has found so far. */
  impactCases: method<ImpactPage>()(
    'policy',
    v.strictObject({
      jobId: recordId,
      offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
      limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)),
    }),
  ),
  /** Stops an impact preview (a new preview by the same caller stops the previous one by itself). */
  cancelImpact: method<ImpactJobView>()('policy', recordId),
  previewPolicyPack: method<PackPreview>()('policy', v.strictObject({ text: bulk })),
  importPolicyPack: method<PackPreview>()('policy', v.strictObject({ text: bulk, pin })),
  exportPolicyPack: method<{ text: string; contentHash: string; values: number }>()(
    'policy',
    v.strictObject({
      regions: v.union([v.literal('all'), v.array(regionCode)]),
      privateKeyPem: text(10_000),
      createdBy: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    }),
  ),
  /**
   * How much of the eight standard questions the library answers per region (core/policy/coverage.ts):
   * the 36 cities of issue 20, or one region; at a date given, else today at the counter.
   */
  policyCoverage: method<CoverageReport>()(
    'policy',
    v.strictObject({ region: v.optional(v.nullable(regionCode)), asOf: v.optional(v.nullable(IsoDate)) }),
  ),
  /** What the last release changed in the library, and its open conflicts with the office's own rows. */
  policyRelease: method<PolicyReleaseView>()('policy', NONE),
  /** Settles a release conflict: keep the office's rows ("mine") or take the release's row ("release"). */
  resolvePolicyConflict: method<ReleaseConflictView>()(
    'policy',
    v.strictObject({ id: v.pipe(v.number(), v.integer(), v.minValue(1)), resolution: v.picklist(['mine', 'release']), pin }),
  ),
  setAdminPin: method<null>()('policy', v.strictObject({ currentPin: v.nullable(pin), newPin: pin })),
  /** A key trusted for the regions named (a city, a province and its cities, or CN). */
  addTrustedKey: method<{ keyId: string; name: string; regions: string[] }>()(
    'policy',
    v.strictObject({
      name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
      publicKeyPem: text(10_000),
      regions: v.pipe(v.array(regionCode), v.minLength(1, '请指定该密钥可签署的地区（市、省或 CN）')),
      pin,
    }),
  ),
  removeTrustedKey: method<null>()('policy', v.strictObject({ keyId: text(64), pin })),

  // ── data: backups, retention, one client's data (数据与备份)
  listBackups: method<BackupView[]>()('data', NONE),
  backupNow: method<BackupView>()('data', NONE),
  /** Restores a backup; the current database is kept as a pre-restore backup first. */
  restoreBackup: method<{ restored: string; keptAs: string }>()(
    'data',
    v.strictObject({ name: v.pipe(v.string(), v.regex(/^yibao-[\w-]+\.sqlite$/)), pin }),
  ),
  /** Cases not changed for this many days are deleted automatically (0 = keep everything). */
  setRetention: method<{ days: number; purged: number }>()(
    'data',
    v.strictObject({ days: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36500)), pin }),
  ),
  exportClientData: method<ClientExport>()('data', idNumber),
  /**
   * Erases one client: cases, sheets (also without a case), print records, the draft about them.
   * Backups made before still hold them until they age out, unless `purgeBackups` erases them
   * from every backup too (a damaged backup that cannot be cleaned is deleted).
   */
  deleteClientData: method<{ cases: number; sheets: number; backups: { cleaned: number; removed: number } | null }>()(
    'data',
    v.strictObject({ idNumber, pin, purgeBackups: v.optional(v.boolean()) }),
  ),

  // ── 到期提醒: saved clients whose last day to pay is within N days (today: the counter's clock unless given)
  reminders: method<ReminderList>()('reminders', ReminderQuery),
  /** The same list as a CSV for the SMS platform (UTF-8 with BOM); every export is logged. */
  exportReminders: method<ReminderExport>()('reminders', ReminderQuery),
  /**
   * Marks a listed client 已缴 (paid what their sheet said) without typing the paid months yet, or
   * takes the mark away: it holds for the case as listed (`version`); saving the case again ends it.
   */
  markReminderPaid: method<null>()(
    'reminders',
    v.strictObject({ caseId: recordId, version: v.pipe(v.number(), v.integer(), v.minValue(1)), paid: v.boolean() }),
  ),

  // ── 统计: sheets issued, cases saved, money and unknowns over a range of days (a hall: every counter)
  statistics: method<StatisticsView>()('statistics', StatisticsQuery),
  /** The same figures as an .xlsx workbook. */
  exportStatistics: method<StatisticsExport>()('statistics', StatisticsQuery),
  /**
   * The window notes what it assessed for the client's case now on the form (统计's 核算案件), once
   * the typing pauses: no name, ID number or phone — the window's key for that case on the form,
   * region, scheme, the interruption's length and the questions the library answered "unknown".
   * The day, the clerk and the counter are the services' own (a hall: the session's).
   */
  noteAssessment: method<null>()('statistics', AssessmentNoteInput),

  // ── the service hall (服务大厅): signing in and accounts; a counter on its own database answers
  // hallStatus with mode "local" and refuses the rest (src/server/hall-server.ts answers them in a hall)
  hallStatus: method<HallStatus>()('hall', NONE),
  signIn: method<HallSession>()('hall', v.strictObject({ username: text(64), password: text(200), counter: text(3) })),
  signOut: method<null>()('hall', NONE),
  changePassword: method<null>()('hall', v.strictObject({ currentPassword: text(200), newPassword: text(200) })),
  listAccounts: method<AccountView[]>()('hall', NONE),
  createAccount: method<AccountView>()(
    'hall',
    v.strictObject({ username: text(64), displayName: text(50), role: v.picklist(['clerk', 'admin']), password: text(200) }),
  ),
  resetAccountPassword: method<null>()('hall', v.strictObject({ username: text(64), password: text(200) })),
  setAccountEnabled: method<null>()('hall', v.strictObject({ username: text(64), enabled: v.boolean() })),
} as const satisfies Record<string, MethodSpec<Slice, v.GenericSchema, unknown>>;
