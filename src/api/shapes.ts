// What the services answer with: the output shapes of the API table (methods.ts). Types
// only; the window imports them through contract.ts.
import type { Assessment } from '../core/assessment.ts';
import type { CaseFile } from '../core/case.ts';
import type { PolicyDocument, PolicyRow } from '../core/policy/policy-set.ts';
import type { ReleaseReport } from '../core/policy/release.ts';
import type { TypicalAnswer } from '../core/policy/typical.ts';
import type { RegionRow } from '../core/regions.ts';
import type { FieldError } from '../core/validate.ts';
import type { Settings } from './inputs.ts';

/** What an assessment request yields: the assessment, or the field errors of the case. */
export type AssessOutcome = { valid: true; assessment: Assessment } | { valid: false; errors: FieldError[] };

export interface CaseSummary {
  id: string;
  personName: string;
  /** Masked: first 6 and last 4 digits kept. */
  idNumberMasked: string | null;
  region: string;
  regionName: string;
  updatedAt: string;
}

/** A case in the recycle bin (回收站), as an administrator sees it before restoring it. */
export interface DeletedCaseView extends CaseSummary {
  deletedAt: string;
  /** Who deleted it, at which counter (窗口), when known. */
  deletedBy: string | null;
  deletedCounter: string | null;
}

export interface SavedCase {
  id: string;
  caseFile: CaseFile;
  createdAt: string;
  updatedAt: string;
  /** Sent back with the next save: a save from an older version is refused (CONFLICT). */
  version: number;
  /** Who saved it last, and at which counter (窗口), when known. */
  savedBy: string | null;
  savedCounter: string | null;
}

/** What a save answers with: the case's id, when, and its new version. */
export interface SaveReceipt {
  id: string;
  updatedAt: string;
  version: number;
}

/** The working draft: the form exactly as typed (any shape the UI keeps), autosaved. */
export interface Draft {
  caseId: string | null;
  form: unknown;
  updatedAt: string;
}

export interface StatementRow {
  /** 1-based row number in the file (header excluded) for messages. */
  row: number;
  entry: { from: string; to: string; scheme: string; status: string; base: number | null; region: string | null } | null;
  errors: string[];
}

export interface StatementPreview {
  fileName: string;
  rows: StatementRow[];
  /** Problems with the file as a whole (unknown columns, empty file, …). */
  errors: string[];
}

export interface ExpiringDocumentView {
  document: PolicyDocument;
  regions: string[];
  status: 'expired' | 'expiring';
  daysLeft: number;
}

/** Everything the window needs at start, in one call. */
export interface Bootstrap {
  settings: Settings;
  draft: Draft | null;
  regions: RegionRow[];
  /**
   * A read-only copy of the policy library, so the window can re-assess on every keystroke
   * with the same engine without a round trip. The services stay the authority: saving
   * and printing assess again there.
   */
  policyRows: PolicyRow[];
  /** Documents that have ended or end within 90 days (shown on the start screen). */
  expiring: ExpiringDocumentView[];
}

/** A printed sheet: canonical HTML (its fonts are filled in by whoever shows or prints it). */
export interface IssuedSheet {
  number: string;
  /** The 核验码 printed on the sheet (core/sheet-code.ts): any counter verifies the sheet with it. */
  code: string;
  issuedAt: string;
  caseId: string | null;
  clerk: string;
  contentHash: string;
  prints: number;
  html: string;
}

export type SheetSummary = Omit<IssuedSheet, 'html'>;

/** 核验告知单: what a counter can say of a sheet from its 核验码 (services/sheet-verify.ts). */
export interface SheetVerificationView {
  /** The code as read (normalised), or as typed when it is not a code. */
  code: string;
  /**
   * genuine: issued here, code and record intact; unknown-number: no such sheet here;
   * code-mismatch: the number exists but the paper's data is not what was issued;
   * altered: the stored record no longer matches its hash; unreadable: not a code.
   */
  status: 'genuine' | 'unknown-number' | 'code-mismatch' | 'altered' | 'unreadable';
  /** The headline, in the clerk's words. */
  message: string;
  /** The sheet on record (what the client's paper should say), when the number is known. */
  sheet: {
    number: string;
    issuedAt: string;
    counter: string;
    clerk: string;
    clientName: string;
    idMasked: string | null;
    conclusions: Array<{ label: string; text: string }>;
    total: string;
  } | null;
  /** Whether its figures still hold today (null: it could not be assessed again). */
  stillHolds: boolean | null;
  differences: Array<{ label: string; then: string; now: string }>;
  reasons: string[];
  /** The day it was checked against (YYYY-MM-DD). */
  checkedOn: string;
}

export interface CaseImpactView {
  caseId: string;
  personName: string;
  idNumberMasked: string | null;
  changes: Array<{ figure: string; before: string; after: string }>;
}

/**
 * An impact preview (影响预览) as it runs: every saved case is checked, those whose regions and
 * months cannot meet the change by the database, the rest assessed on both libraries.
 */
export interface ImpactJobView {
  jobId: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Saved cases (when the check began; at the end, those checked). */
  total: number;
  /** Checked so far, ruled out or assessed. */
  checked: number;
  /** Of those, ruled out by their regions and months without assessing. */
  ruledOut: number;
  /** Cases whose figures change, found so far. */
  changed: number;
  /** Saved cases that no longer pass validation and so cannot be assessed. */
  unassessable: number;
  /** Why it failed, in Chinese. */
  message: string | null;
}

/** A page of the changed cases an impact preview has found (in the order the cases were saved). */
export interface ImpactPage {
  changed: number;
  offset: number;
  cases: CaseImpactView[];
}

export interface PolicyChangePreview {
  added: PolicyRow[];
  closed: Array<{ row: PolicyRow; effectiveTo: string }>;
  newDocuments: PolicyDocument[];
  unchanged: number;
  /** The impact preview started for this change; null when the change was applied (its preview came before). */
  impact: ImpactJobView | null;
}

/** The typical situations of a local rule: what the counter answers now and with the proposed rule. */
export interface TypicalComparison {
  region: string;
  scheme: 'employee' | 'flexible';
  paymentDate: string;
  rows: Array<{ id: string; label: string; current: TypicalAnswer | null; proposed: TypicalAnswer | null }>;
}

export interface PolicyEditsPreview extends PolicyChangePreview {
  typical: TypicalComparison | null;
}

export interface PackPreview extends PolicyChangePreview {
  createdBy: string;
  createdAt: string;
  contentHash: string;
  signer: string;
}

export interface PolicyLibraryView {
  rows: PolicyRow[];
  keys: Array<{ key: string; label: string; type: string }>;
  expiring: ExpiringDocumentView[];
  /** Stored rows that can never be used (docs/rules.md §0.5: not exact, not real dates, never applying); figures that need them are null. */
  unusable: Array<{ id: string; region: string; key: string; reason: string }>;
  hasAdminPin: boolean;
  /** `regions`: what the key may sign for (null: added before scopes existed, so it signs for nothing). */
  trustedKeys: Array<{ keyId: string; name: string; addedAt: string; regions: string[] | null }>;
  today: string;
  /** Null when the audit log's chained hash is intact; otherwise what is wrong, in Chinese (the first bad row). */
  auditProblem: string | null;
}

/** A shipped row the office's rows stand in the way of, with both sides (src/services/policy-release.ts). */
export interface ReleaseConflictView {
  id: number;
  rowId: string;
  kind: 'changed' | 'overlap';
  release: string;
  /** The row as the release ships it. */
  row: PolicyRow;
  /** The office's rows that stand now (kept until an administrator decides). */
  office: PolicyRow[];
  detectedAt: string;
  resolution: 'mine' | 'release' | 'superseded' | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** What the last release changed in this library, and the conflicts still open. */
export interface PolicyReleaseView {
  report: ReleaseReport | null;
  conflicts: ReleaseConflictView[];
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string;
  pack: string | null;
}

export interface BackupView {
  name: string;
  kind: 'daily' | 'manual' | 'pre-migration' | 'pre-restore';
  createdAt: string;
  bytes: number;
}

export interface ClientExport {
  format: 'yibao-client-export/1';
  idNumber: string;
  exportedAt: string;
  cases: Array<{ id: string; createdAt: string; updatedAt: string; caseFile: CaseFile }>;
  sheets: Array<{
    number: string;
    issuedAt: string;
    contentHash: string;
    html: string;
    prints: Array<{ at: string; kind: string; clerk: string }>;
  }>;
}

/** Hall mode: the signed-in clerk as the window is told (never the session token). */
export interface HallSession {
  username: string;
  displayName: string;
  role: 'clerk' | 'admin';
  /** The counter (窗口) signed in at. */
  counter: string;
  expiresAt: string;
}

/** Which mode the services run in: a counter's own database, or a service hall (signed in or not). */
export type HallStatus = { mode: 'local' } | { mode: 'hall'; session: HallSession | null };

/** A hall account as an administrator sees it (never its password hash). */
export interface AccountView {
  username: string;
  displayName: string;
  role: 'clerk' | 'admin';
  enabled: boolean;
  /** Locked after repeated failed sign-ins until this time, else null. */
  lockedUntil: string | null;
  createdAt: string;
  createdBy: string;
}

/** A client whose last day to pay is near (到期提醒), as the list shows it (ID and phone masked). */
export interface ReminderRow {
  caseId: string;
  /** The case's version when listed. */
  version: number;
  personName: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  region: string;
  regionName: string;
  /** 'keep-short': the last day to pay without a waiting period; 'resident-window': the end of the enrolment window. */
  kind: 'keep-short' | 'resident-window';
  kindText: string;
  deadline: string;
  daysLeft: number;
  savedAt: string;
  savedCounter: string | null;
}

export interface ReminderList {
  asOf: string;
  within: number;
  /** Clients checked (the newest saved case of each). */
  checked: number;
  /** Saved cases that no longer pass validation, so could not be assessed. */
  unassessable: number;
  /** Clients left out because their case is marked 已缴 (and unchanged since). */
  markedPaid: number;
  rows: ReminderRow[];
}

/** The SMS platform's CSV (UTF-8 with BOM): one row per listed client with a phone number. */
export interface ReminderExport {
  fileName: string;
  csv: string;
  rows: number;
  /** Listed clients left out for want of a phone number. */
  withoutPhone: number;
  list: ReminderList;
}

/** 统计: a hall's days in figures (money in fen; the window shows 元). What each figure counts is said in its doc. */
export interface StatisticsView {
  from: string;
  to: string;
  /** The counter asked about (two digits) or null: every counter. */
  counter: string | null;
  /** The clerk asked about (as the sheets and saves name them) or null: every clerk. */
  clerk: string | null;
  /** Cases the window assessed in the range: one per client's case put on the form, on the day first assessed. */
  casesAssessed: number;
  /** Cases whose last save falls in the range (a case saved again later counts on its later day only). */
  casesSaved: number;
  /** Sheets (告知单) issued in the range. */
  sheets: number;
  /** Different clients on those sheets (by saved case; a sheet issued without one counts alone). */
  clients: number;
  /** Back-pay principal and late fees (滞纳金) on those sheets, from each sheet's figures as issued. */
  principalFen: number;
  lateFeeFen: number;
  /** Sheets whose principal or late fee said 暂无法计算 (left out of the sums). */
  sheetsPrincipalUnknown: number;
  sheetsLateFeeUnknown: number;
  /** Sheets issued before their figures were kept (counted as sheets, in no sum or group). */
  sheetsWithoutFigures: number;
  byDay: Array<{ day: string; casesAssessed: number; sheets: number; casesSaved: number; principalFen: number; lateFeeFen: number }>;
  /** Sheets, and assessed cases, by the length of the client's current interruption. */
  interruptions: Array<{ id: string; label: string; sheets: number; assessed: number }>;
  /** Questions answered "unknown" in those assessments and on those sheets, by policy key and region: what the library lacks. */
  unknowns: Array<{
    code: string;
    codeText: string;
    key: string;
    keyLabel: string;
    region: string | null;
    regionName: string | null;
    /** Assessed cases, and sheets, that met the question. */
    assessed: number;
    sheets: number;
  }>;
}

/** The same figures as an Excel workbook (base64 of the .xlsx bytes). */
export interface StatisticsExport {
  fileName: string;
  xlsxBase64: string;
  view: StatisticsView;
}
