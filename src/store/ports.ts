// What the services need from a database, as interfaces whose methods answer with promises.
// The embedded SQLite store (store.ts and its repositories) is one implementation; a server
// database shared by many counters can be another behind the same interfaces. Each method
// is one unit of work: where it changes several rows it does so in one transaction.
//
// Guarantees every implementation gives (issue 12; SQLite: migration 0007 and the repositories):
// - every write waits for another process or connection writing at the same time and is tried
//   again (busy timeout, retry), never failing with "locked"; a read-then-write is one
//   transaction that holds the write lock from its start;
// - sheet numbers come from a counter per day and counter that only ever increases (never from
//   counting sheets), taken in the transaction that stores the sheet (SheetStore.create);
// - ID numbers are stored normalised (trimmed, upper-case X: core/idcard.ts normalizeIdNumber);
//   erasing a client removes every row that names them and leaves nothing readable behind
//   (CaseStore.deleteClient, BackupStore.eraseClient);
// - PIN attempts are counted atomically and kept across restarts (PinAttemptStore);
// - the policy audit is append-only and each row carries the chained hash of audit-chain.ts
//   (PolicyStore.verifyAuditChain checks it).
import type { ChainCheck } from './audit-chain.ts';

export type { ChainCheck } from './audit-chain.ts';
import type { CaseFile } from '../core/case.ts';
import type { PolicyDocument, PolicyRow, PolicySet } from '../core/policy/policy-set.ts';
import type { RegionDirectory } from '../core/regions.ts';
import type { ReleaseReport } from '../core/policy/release.ts';
export type { ReleaseReport };

export interface CaseRow {
  id: string;
  personName: string;
  idNumber: string | null;
  region: string;
  caseFile: CaseFile;
  createdAt: string;
  updatedAt: string;
  /** 1 when first saved, one more at every save (optimistic saves: see CaseSaveOptions). */
  version: number;
  /** Who saved it last and at which counter (窗口), when known. */
  savedBy: string | null;
  savedCounter: string | null;
}

/** Who saves (recorded with the case). */
export interface CaseWriter {
  clerk: string;
  counter: string;
}

export interface CaseSaveOptions {
  /**
   * The version the clerk opened: the save is refused with a CaseConflictError (store/errors.ts)
   * when the case has been saved since (at another counter). Omitted: no check.
   */
  expectedVersion?: number | null;
  by?: CaseWriter;
}

export interface CaseStore {
  /**
   * Saves a new case (no id) or replaces a saved one; null when there is no case with that id.
   * Throws CaseConflictError when `expectedVersion` is not the saved version.
   */
  save(
    caseFile: CaseFile,
    id?: string | null,
    options?: CaseSaveOptions,
  ): Promise<{ id: string; updatedAt: string; version: number } | null>;
  get(id: string): Promise<CaseRow | null>;
  /**
   * A clerk's deletion: moves the case to the recycle bin (回收站, issue 22 finding 18) with who
   * deleted it, in one transaction; false when there is no such saved case. Never an erasure:
   * deleteClient is.
   */
  delete(id: string, by?: CaseWriter | null): Promise<boolean>;
  /** Cases waiting in the recycle bin, most recently deleted first. */
  deleted(limit: number): Promise<DeletedCase[]>;
  /**
   * Puts a case back from the recycle bin as it was (same id, version and times; the sheets it had
   * linked again) and records who did; null when it is not in the bin.
   */
  restore(id: string, by?: CaseWriter | null): Promise<CaseRow | null>;
  /** Every deletion of a case and its restore, oldest first (the record stays after the restore). */
  binHistory(id: string): Promise<BinRecord[]>;
  /** Latest first; digits (and X) match ID numbers by prefix or last digits, other text names by substring. */
  list(query?: { text?: string; limit?: number }): Promise<CaseRow[]>;
  /** The most recently changed cases, newest first, without the list's cap. */
  latest(limit: number): Promise<CaseRow[]>;
  /** All saved cases of one ID number, oldest first. */
  byIdNumber(idNumber: string): Promise<CaseRow[]>;
  /** Deletes cases (with their sheets and print records) untouched since `before` (ISO time); how many. */
  purgeOlderThan(before: string): Promise<number>;
  /**
   * Erases one client (by ID number, normalised first): their saved cases, every sheet issued
   * for them (also one issued before the case was saved or left by a deleted case) with its
   * print records, and a draft about them; nothing of them stays readable in the database's
   * files afterwards (SQLite: secure_delete and a WAL checkpoint that truncates).
   */
  deleteClient(idNumber: string): Promise<ClientErasure>;
  /** How many cases are saved. */
  count(): Promise<number>;
  /**
   * One step of a walk over every saved case in a stable order (the impact preview): the next
   * `walk` cases after `afterKey` (0 to start) are passed over, and those among them that `filter`
   * lets through are returned with their case file as stored (JSON text, parsed by whoever
   * assesses it). `lastKey` is null when there was nothing after `afterKey`.
   */
  scan(filter: CaseScanFilter, afterKey: number, walk: number): Promise<CaseScanStep>;
  /**
   * Marks a case's client 已缴 (migration 0010), replacing an earlier mark of the case; false when
   * there is no such case. The mark goes with the case (deleted, purged or erased with it).
   */
  setPaymentMark(mark: PaymentMark): Promise<boolean>;
  /** Takes a case's 已缴 mark away; false when it had none. */
  clearPaymentMark(caseId: string): Promise<boolean>;
  /** Every 已缴 mark. */
  paymentMarks(): Promise<PaymentMark[]>;
  /** Cases last saved at or after `from` and before `to` (ISO times, as updatedAt is stored), without their files; oldest first (统计). */
  savedBetween(from: string, to: string): Promise<CaseSaveRecord[]>;
}

/** A clerk's note that a client paid what their sheet said (到期提醒), for the case as it was then. */
export interface PaymentMark {
  caseId: string;
  /** The case's version when marked: a later save of the case ends the mark. */
  caseVersion: number;
  /** The case's newest sheet when marked, if any. */
  sheetNumber: string | null;
  markedAt: string;
  markedBy: string;
  markedCounter: string;
}

/** A case in the recycle bin (回收站). */
export interface DeletedCase {
  id: string;
  personName: string;
  idNumber: string | null;
  region: string;
  updatedAt: string;
  version: number;
  deletedAt: string;
  deletedBy: string | null;
  deletedCounter: string | null;
}

/** One deletion of a case, and its restore when there was one. */
export interface BinRecord {
  deletedAt: string;
  deletedBy: string | null;
  deletedCounter: string | null;
  restoredAt: string | null;
  restoredBy: string | null;
  restoredCounter: string | null;
}

/** When and by whom a case was last saved (统计). */
export interface CaseSaveRecord {
  id: string;
  updatedAt: string;
  savedBy: string | null;
  savedCounter: string | null;
}

/** Which saved cases a policy change can reach (migration 0009's case_region and reads_from). */
export interface CaseScanFilter {
  /** Only cases naming one of these regions (their region, a history entry's, the region transferred from); null: all. */
  regions: readonly string[] | null;
  /** Only cases whose earliest policy read (case_search.reads_from) is in or before this month ('YYYY-MM'); null: all. */
  readsBy: string | null;
}

/** A saved case as the impact preview reads it. */
export interface CaseScanRow {
  /** Its place in the walk (stable while it is saved). */
  key: number;
  id: string;
  personName: string;
  idNumber: string | null;
  /** The case file exactly as stored (JSON). */
  caseJson: string;
}

export interface CaseScanStep {
  rows: CaseScanRow[];
  /** How many cases were passed over (those the filter kept and those it ruled out). */
  walked: number;
  lastKey: number | null;
}

export interface ClientErasure {
  cases: number;
  sheets: number;
  /** Whether the working draft was about them (and was cleared). */
  draft: boolean;
}

export interface DraftRow {
  caseId: string | null;
  form: unknown;
  updatedAt: string;
}

export interface DraftStore {
  get(): Promise<DraftRow | null>;
  save(caseId: string | null, form: unknown): Promise<{ updatedAt: string }>;
  clear(): Promise<void>;
}

/** 'print': the printer reported it printed; 'print-request': the browser's print dialog was opened (migration 0005). */
export type PrintKind = 'pdf' | 'html' | 'print' | 'print-request';

export interface SheetRow {
  number: string;
  caseId: string | null;
  issuedAt: string;
  clerk: string;
  /** The data the sheet was rendered from, as stored (JSON). */
  snapshot: unknown;
  /** The canonical HTML handed out (fonts not yet filled in). */
  html: string;
  contentHash: string;
  prints: number;
}

export interface PrintEvent {
  at: string;
  kind: PrintKind;
  clerk: string;
  contentHash: string;
}

export interface SheetStore {
  /**
   * Numbers and stores a sheet in one transaction (two counters never get the same number):
   * `make` renders the sheet for the number it is given.
   */
  create(input: {
    caseId: string | null;
    /** The client's ID number (kept only as a key to find the sheet at erasure: client-data.ts clientKey). */
    idNumber?: string | null;
    issuedAt: string;
    clerk: string;
    counter: string;
    make: (number: string) => { snapshot: unknown; html: string; contentHash: string };
  }): Promise<SheetRow>;
  get(number: string): Promise<SheetRow | null>;
  listForCase(caseId: string): Promise<SheetRow[]>;
  /** Every sheet issued for a client (by ID number), with or without a case; newest first. */
  listForClient(idNumber: string): Promise<SheetRow[]>;
  recordPrint(number: string, event: PrintEvent): Promise<void>;
  printEvents(number: string): Promise<PrintEvent[]>;
  /** Sheets issued on the local days `fromDay`..`toDay` (YYYY-MM-DD, inclusive), without their HTML; oldest first (统计). */
  issuedBetween(fromDay: string, toDay: string): Promise<IssuedSheetRecord[]>;
}

/** A sheet as the statistics read it: its number, issue, clerk and stored snapshot. */
export type IssuedSheetRecord = Pick<SheetRow, 'number' | 'caseId' | 'issuedAt' | 'clerk' | 'snapshot'>;

/**
 * A case the window assessed (migration 0012, 统计's 核算案件): one per consultation (the window's
 * random key for one client's case on the form), with what its assessment said when the clerk
 * last paused. It names no client: no name, ID number or phone.
 */
export interface AssessmentNote {
  consultation: string;
  /** Local day of the first note of the consultation (YYYY-MM-DD); kept when it is noted again. */
  day: string;
  /** ISO times (UTC) of the first and the latest note. */
  firstAt: string;
  lastAt: string;
  clerk: string;
  counter: string;
  region: string;
  scheme: string;
  interruptionMonths: number | null;
  unknowns: Array<{ code: string; key: string; region: string | null }>;
}

export interface AssessmentNoteStore {
  /** Records a consultation's assessment, or updates it (its day, first time, clerk and counter stay those of the first note). */
  note(note: Omit<AssessmentNote, 'firstAt'>): Promise<void>;
  /** Consultations first noted on the local days `fromDay`..`toDay` (inclusive); oldest first (统计). */
  notedBetween(fromDay: string, toDay: string): Promise<AssessmentNote[]>;
}

/** The counter's own records, each a JSON value under its key (read back through a schema). */
export type SettingKey = 'counter' | 'admin.pin' | 'policy.trustedKeys';

export interface SettingStore {
  get(key: SettingKey): Promise<unknown>;
  set(key: SettingKey, value: unknown): Promise<void>;
  /** The value and a token of exactly what is stored (null when nothing is), for setIf. */
  read(key: SettingKey): Promise<{ value: unknown; token: string | null }>;
  /**
   * Compare-and-set (issue 22, finding 8): stores `value` only while the stored value is still the
   * one `token` came from, in one statement; false when another writer changed it meanwhile.
   */
  setIf(key: SettingKey, token: string | null, value: unknown): Promise<boolean>;
}

/** Failed PIN attempts of one scope since the last right PIN. */
export interface PinAttemptState {
  failures: number;
  /** ISO time of the last counted attempt, or null. */
  lastFailureAt: string | null;
}

export type PinAttemptStart = { allowed: true; state: PinAttemptState } | { allowed: false; until: string; state: PinAttemptState };

/**
 * Administrator PIN attempts, per scope (a counter; the embedded database is one counter and
 * uses the scope "admin"), kept across restarts. Atomic: `begin` reads the state and, unless
 * `blockedUntil(state)` is later than `now` (then nothing changes), counts this attempt as a
 * failure at `now` before the PIN is checked, so parallel tries cannot slip past the count.
 * A right PIN then calls `succeeded`, which starts the count again. Times are ISO UTC strings.
 */
export interface PinAttemptStore {
  begin(scope: string, now: string, blockedUntil: (state: PinAttemptState) => string | null): Promise<PinAttemptStart>;
  succeeded(scope: string): Promise<void>;
}

/** Who changes the policy library and why (every change is audited). */
export interface AuditContext {
  actor: string;
  reason: string;
  pack?: string | null;
}

/**
 * A change of the policy library, applied in this order: new documents, corrected documents,
 * rows removed, rows closed, rows replaced where they stand, rows added; then the decision on a
 * release conflict, if any. Every step is audited.
 */
export interface PolicyChange {
  documents: readonly PolicyDocument[];
  /** Documents whose text a release corrects (same id). */
  correctDocuments?: readonly PolicyDocument[];
  /** Rows taken out: a release withdrawing its own row, or an office row giving way to the release's. */
  remove?: readonly PolicyRow[];
  close: ReadonlyArray<{ row: PolicyRow; effectiveTo: string }>;
  /** Rows whose content changes where they stand (same region, key and start date): a release's correction. */
  replace?: ReadonlyArray<{ row: PolicyRow; by: PolicyRow }>;
  insert: readonly PolicyRow[];
  /** An administrator's decision on an open release conflict, recorded with the change (who and when). */
  resolve?: { conflictId: number; resolution: ConflictResolution; by: string };
}

/** An administrator's choice on a release conflict: keep the office's rows, or take the release's row. */
export type ConflictResolution = 'mine' | 'release';

/** A shipped row that the office's own rows stand in the way of (src/core/policy/release.ts). */
export interface ReleaseConflictRecord {
  id: number;
  /** region/key/effectiveFrom of the shipped row. */
  rowId: string;
  /** 'changed': the row the release changes was changed here; 'overlap': the release's row covers the office's dates. */
  kind: 'changed' | 'overlap';
  /** The version that shipped it. */
  release: string;
  /** The row as the release ships it, with its document. */
  row: PolicyRow;
  /** ISO time (UTC) it was found. */
  detectedAt: string;
  /** null while open; 'superseded' when a later release no longer ships that row in that form. */
  resolution: ConflictResolution | 'superseded' | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface AuditRecord {
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

export interface PolicyStore {
  /** The region table (GB/T 2260). */
  regions(): Promise<RegionDirectory>;
  /** The whole library, indexed for the engine (the same object until the library changes). */
  library(): Promise<PolicySet>;
  /** Every document of the library, also those no value cites (yet). */
  documents(): Promise<PolicyDocument[]>;
  /**
   * Applies a change in one transaction with its audit context: all of it or nothing. The
   * library must still load afterwards (no overlaps, every value well-typed), else nothing changes.
   */
  write(who: AuditContext, change: PolicyChange): Promise<void>;
  /** A token that changes whenever the library changes (the newest audit row: every change adds one). */
  version(): Promise<string>;
  /** The latest audited changes, newest first (the seeding's own rows only when asked). */
  audit(options: { limit: number; includeSeed?: boolean }): Promise<AuditRecord[]>;
  /**
   * Checks the chained hash over every audit row, oldest first (audit-chain.ts): intact, or the
   * first row that does not fit. The audit itself is append-only: no update or delete succeeds.
   */
  verifyAuditChain(): Promise<ChainCheck>;
  /** What the last release applied to this library changed, or null (none recorded yet). */
  lastRelease(): Promise<ReleaseReport | null>;
  /** Conflicts between shipped rows and the office's own: the open ones, or (all) every one, newest first. */
  releaseConflicts(options?: { all?: boolean }): Promise<ReleaseConflictRecord[]>;
}

export type BackupKind = 'daily' | 'manual' | 'pre-migration' | 'pre-restore';

export interface BackupInfo {
  file: string;
  name: string;
  kind: BackupKind;
  createdAt: string;
  bytes: number;
}

export interface BackupStore {
  /** Newest first. */
  list(): Promise<BackupInfo[]>;
  /** An online copy (work continues meanwhile); null where there is nothing to copy (in memory). */
  backup(kind: BackupKind): Promise<BackupInfo | null>;
  /** A daily copy if the newest one is older than a day; null otherwise. */
  daily(now?: number): Promise<BackupInfo | null>;
  /** Replaces the database with a backup; the current one is kept first as a pre-restore backup. */
  restore(name: string): Promise<{ restored: string; keptAs: string }>;
  /**
   * Erases one client from every backup (as CaseStore.deleteClient does in the database);
   * a backup that cannot be opened (damaged) is deleted, since it cannot be cleaned.
   */
  eraseClient(idNumber: string): Promise<{ cleaned: number; removed: number }>;
}

/** A service hall's clerks (only a hall database has them: store/pg/hall.ts). */
export type HallRole = 'clerk' | 'admin';

export interface AccountRecord {
  username: string;
  displayName: string;
  role: HallRole;
  passwordHash: string;
  enabled: boolean;
  failedAttempts: number;
  /** ISO time while locked, else null. */
  lockedUntil: string | null;
  createdAt: string;
  createdBy: string;
}

/** A live session: who, with which role, at which counter, until when. */
export interface SessionRecord {
  username: string;
  displayName: string;
  role: HallRole;
  counter: string;
  expiresAt: string;
}

/** The hall's accounts, sessions and record of writes. Times are the database's, so every server instance agrees. */
/** One scope an attempt is counted in (hall_throttle). */
export interface AttemptScope {
  scope: string;
  /** Failures that are simply wrong before each further one must wait. */
  free: number;
  /** The longest wait. */
  maxWaitSeconds: number;
}

export interface AccountStore {
  createAccount(input: {
    username: string;
    displayName: string;
    role: HallRole;
    passwordHash: string;
    createdBy: string;
  }): Promise<AccountRecord>;
  account(username: string): Promise<AccountRecord | null>;
  accounts(): Promise<AccountRecord[]>;
  /** A new password: failures and any lock are cleared, and every session of the account ends. */
  setPassword(username: string, passwordHash: string): Promise<boolean>;
  /** Disabling ends the account's sessions at once; enabling also unlocks it. */
  setEnabled(username: string, enabled: boolean): Promise<boolean>;
  /**
   * Counts one attempt (sign-in or password check) in every scope, before the password is
   * checked and in one transaction: refused (nothing counted) while any scope is blocked; else
   * each scope's failures go up by one and, past its free failures, it is blocked for a wait
   * doubling from 1 s up to `maxWaitSeconds`.
   */
  beginAttempt(scopes: readonly AttemptScope[]): Promise<{ allowed: true } | { allowed: false; until: string }>;
  /** The password was right: the `reset` scopes start again; the `uncount` ones no longer count this attempt. */
  attemptSucceeded(reset: readonly string[], uncount: readonly string[]): Promise<void>;
  /** Forgets attempt counts untouched for a day and no longer waiting (a flood of unknown names). */
  purgeOldAttempts(): Promise<number>;
  createSession(input: {
    tokenHash: string;
    username: string;
    counter: string;
    idleMinutes: number;
    maxHours: number;
  }): Promise<SessionRecord>;
  /** The live session of a token hash (its expiry moves on with use, never past the absolute limit), or null. */
  session(tokenHash: string, idleMinutes: number, maxHours: number): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  purgeExpiredSessions(): Promise<number>;
  recordActivity(entry: {
    username: string | null;
    counter: string | null;
    method: string;
    ok: boolean;
    detail?: string | null;
  }): Promise<void>;
}

/** Everything the services reach the database through. */
export interface Repositories {
  readonly cases: CaseStore;
  readonly drafts: DraftStore;
  readonly sheets: SheetStore;
  readonly assessments: AssessmentNoteStore;
  readonly settings: SettingStore;
  readonly pinAttempts: PinAttemptStore;
  readonly policy: PolicyStore;
  readonly backups: BackupStore;
}
