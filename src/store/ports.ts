// What the services need from a database, as interfaces whose methods answer with promises.
// The embedded SQLite store (store.ts and its repositories) is one implementation; a server
// database shared by many counters can be another behind the same interfaces. Each method
// is one unit of work: where it changes several rows it does so in one transaction.
import type { CaseFile } from '../core/case.ts';
import type { PolicyDocument, PolicyRow, PolicySet } from '../core/policy/policy-set.ts';
import type { RegionDirectory } from '../core/regions.ts';

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

/** A save that named the version it started from, when the case has been saved since (another counter). */
export class CaseConflictError extends Error {
  /** The case as saved now. */
  readonly current: CaseRow;
  constructor(current: CaseRow) {
    super(`案件已在别处保存为第 ${current.version} 版`);
    this.name = 'CaseConflictError';
    this.current = current;
  }
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
  delete(id: string): Promise<boolean>;
  /** Latest first; digits (and X) match ID numbers by prefix or last digits, other text names by substring. */
  list(query?: { text?: string; limit?: number }): Promise<CaseRow[]>;
  /** The most recently changed cases, newest first, without the list's cap. */
  latest(limit: number): Promise<CaseRow[]>;
  /** All saved cases of one ID number, oldest first. */
  byIdNumber(idNumber: string): Promise<CaseRow[]>;
  /** Deletes cases (with their sheets and print records) untouched since `before` (ISO time); how many. */
  purgeOlderThan(before: string): Promise<number>;
  /** Deletes one client's cases, their sheets and print records, and a draft about them. */
  deleteClient(idNumber: string): Promise<{ cases: number; sheets: number }>;
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
    issuedAt: string;
    clerk: string;
    counter: string;
    make: (number: string) => { snapshot: unknown; html: string; contentHash: string };
  }): Promise<SheetRow>;
  get(number: string): Promise<SheetRow | null>;
  listForCase(caseId: string): Promise<SheetRow[]>;
  recordPrint(number: string, event: PrintEvent): Promise<void>;
  printEvents(number: string): Promise<PrintEvent[]>;
}

/** The counter's own records, each a JSON value under its key (read back through a schema). */
export type SettingKey = 'counter' | 'admin.pin' | 'policy.trustedKeys';

export interface SettingStore {
  get(key: SettingKey): Promise<unknown>;
  set(key: SettingKey, value: unknown): Promise<void>;
}

/** Who changes the policy library and why (every change is audited). */
export interface AuditContext {
  actor: string;
  reason: string;
  pack?: string | null;
}

/** A change of the policy library: new documents, open values to close, values to add. */
export interface PolicyChange {
  documents: readonly PolicyDocument[];
  close: ReadonlyArray<{ row: PolicyRow; effectiveTo: string }>;
  insert: readonly PolicyRow[];
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

/** A username that is already taken. */
export class AccountExistsError extends Error {}

/** The hall's accounts, sessions and record of writes. Times are the database's, so every server instance agrees. */
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
  /** One more failed sign-in; at `maxFailures` in a row the account is locked for `lockMinutes`. */
  recordFailure(username: string, maxFailures: number, lockMinutes: number): Promise<{ attempts: number; lockedUntil: string | null }>;
  clearFailures(username: string): Promise<void>;
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
  readonly settings: SettingStore;
  readonly policy: PolicyStore;
  readonly backups: BackupStore;
}
