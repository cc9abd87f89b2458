// The one typed API between the renderer and the services. Electron's preload
// implements it over IPC; the browser implementation talks to the same services
// over loopback HTTP. Every call returns a result object: errors cross the boundary
// as data (code + Chinese message), never as thrown exceptions.
import type { Assessment } from '../core/assessment.ts';
import type { CaseFile } from '../core/case.ts';
import type { Grade, PolicyDocument, PolicyRow } from '../core/policy/policy-set.ts';
import type { RegionRow } from '../core/regions.ts';
import type { FieldError } from '../core/validate.ts';

export type ApiError = {
  code: 'INVALID_INPUT' | 'NOT_FOUND' | 'DATABASE_FROM_FUTURE' | 'DATABASE_CORRUPT' | 'DATABASE_READONLY' | 'INTERNAL' | 'UNSUPPORTED';
  message: string;
  fields?: FieldError[];
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

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

export interface SavedCase {
  id: string;
  caseFile: CaseFile;
  createdAt: string;
  updatedAt: string;
}

/** The working draft: the form exactly as typed (any shape the UI keeps), autosaved. */
export interface Draft {
  caseId: string | null;
  form: unknown;
  updatedAt: string;
}

export interface Settings {
  officeName: string;
  counterNumber: string;
  clerkName: string;
  defaultRegion: string;
  /** Saved cases untouched for this many days are purged; 0 keeps everything. */
  retentionDays?: number;
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
  expiring: Array<{ document: PolicyDocument; regions: string[]; status: 'expired' | 'expiring'; daysLeft: number }>;
}

/** A printed sheet: canonical HTML (its fonts are filled in by whoever shows or prints it). */
export interface IssuedSheet {
  number: string;
  issuedAt: string;
  caseId: string | null;
  clerk: string;
  contentHash: string;
  prints: number;
  html: string;
}

export type SheetSummary = Omit<IssuedSheet, 'html'>;

export interface PolicyValueEdit {
  region: string;
  key: string;
  value: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
  document: {
    id?: string | null;
    number: string;
    title: string;
    issuer?: string | null;
    url?: string | null;
    effectiveFrom?: string | null;
    effectiveTo?: string | null;
  };
  article: string | null;
  url: string | null;
  grade: Grade;
  note: string | null;
  reason: string;
}

export interface CaseImpactView {
  caseId: string;
  personName: string;
  idNumberMasked: string | null;
  changes: Array<{ figure: string; before: string; after: string }>;
}

export interface PolicyChangePreview {
  added: PolicyRow[];
  closed: Array<{ row: PolicyRow; effectiveTo: string }>;
  newDocuments: PolicyDocument[];
  unchanged: number;
  impact: { cases: CaseImpactView[]; checked: number };
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
  expiring: Array<{ document: PolicyDocument; regions: string[]; status: 'expired' | 'expiring'; daysLeft: number }>;
  hasAdminPin: boolean;
  trustedKeys: Array<{ keyId: string; name: string; addedAt: string }>;
  today: string;
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

export interface YibaoApi {
  bootstrap(): Promise<Result<Bootstrap>>;
  listBackups(): Promise<Result<BackupView[]>>;
  backupNow(): Promise<Result<BackupView>>;
  /** Restores a backup; the current database is kept as a pre-restore backup first. */
  restoreBackup(input: { name: string; pin: string }): Promise<Result<{ restored: string; keptAs: string }>>;
  /** Cases not changed for this many days are deleted automatically (0 = keep everything). */
  setRetention(input: { days: number; pin: string }): Promise<Result<{ days: number; purged: number }>>;
  exportClientData(idNumber: string): Promise<Result<ClientExport>>;
  deleteClientData(input: { idNumber: string; pin: string }): Promise<Result<{ cases: number; sheets: number }>>;
  /** The whole library with what the 政策库 screen needs (keys, expiring documents, keys, PIN set?). */
  policyLibrary(): Promise<Result<PolicyLibraryView>>;
  policyAudit(input: { limit?: number }): Promise<Result<AuditEntryView[]>>;
  /** Checks a dated edit and shows what it would change (no PIN needed to look). */
  previewPolicyValue(edit: PolicyValueEdit): Promise<Result<PolicyChangePreview>>;
  addPolicyValue(input: { edit: PolicyValueEdit; pin: string }): Promise<Result<PolicyChangePreview>>;
  previewPolicyPack(input: { text: string }): Promise<Result<PackPreview>>;
  importPolicyPack(input: { text: string; pin: string }): Promise<Result<PackPreview>>;
  exportPolicyPack(input: {
    regions: string[] | 'all';
    privateKeyPem: string;
    createdBy: string;
  }): Promise<Result<{ text: string; contentHash: string; values: number }>>;
  setAdminPin(input: { currentPin: string | null; newPin: string }): Promise<Result<null>>;
  addTrustedKey(input: { name: string; publicKeyPem: string; pin: string }): Promise<Result<{ keyId: string; name: string }>>;
  removeTrustedKey(input: { keyId: string; pin: string }): Promise<Result<null>>;
  /** Validates and assesses a case (any JSON); field errors come back as data. */
  assess(caseInput: unknown): Promise<Result<AssessOutcome>>;
  regions(): Promise<Result<RegionRow[]>>;
  listCases(query: { text?: string; limit?: number }): Promise<Result<CaseSummary[]>>;
  getCase(id: string): Promise<Result<SavedCase>>;
  /** Saves a valid case (new when id is absent); returns its id. Invalid cases are refused with field errors. */
  saveCase(input: { id?: string | null; caseFile: unknown }): Promise<Result<{ id: string; updatedAt: string }>>;
  deleteCase(id: string): Promise<Result<null>>;
  getDraft(): Promise<Result<Draft | null>>;
  saveDraft(input: { caseId: string | null; form: unknown }): Promise<Result<{ updatedAt: string }>>;
  clearDraft(): Promise<Result<null>>;
  getSettings(): Promise<Result<Settings>>;
  saveSettings(settings: Settings): Promise<Result<Settings>>;
  /** Numbers and stores a sheet for the case as it is now (assessed again by the services). */
  issueSheet(input: { caseId: string | null; caseFile: unknown }): Promise<Result<IssuedSheet>>;
  /** A stored sheet, rendered again from its snapshot (identical content hash). */
  getSheet(number: string): Promise<Result<IssuedSheet>>;
  listSheets(caseId: string): Promise<Result<SheetSummary[]>>;
  /** Records a print made by the window itself (browser mode prints from the preview). */
  recordPrint(input: { number: string; kind: 'print' | 'pdf' | 'html' }): Promise<Result<null>>;
  /** The sheet as an A4 PDF (base64); recorded as a print of kind "pdf". */
  sheetPdf(number: string): Promise<Result<{ base64: string; contentHash: string }>>;
  /** Sends the sheet to a printer (Electron only; the browser prints from its preview). */
  printSheet(number: string): Promise<Result<null>>;
  /** Parses a CSV or XLSX contribution statement into history rows with per-row errors. */
  parseStatement(input: { fileName: string; base64: string }): Promise<Result<StatementPreview>>;
}

export type ApiMethod = keyof YibaoApi;

export const API_METHODS: readonly ApiMethod[] = [
  'bootstrap',
  'assess',
  'regions',
  'listCases',
  'getCase',
  'saveCase',
  'deleteCase',
  'getDraft',
  'saveDraft',
  'clearDraft',
  'getSettings',
  'saveSettings',
  'parseStatement',
  'issueSheet',
  'getSheet',
  'listSheets',
  'recordPrint',
  'sheetPdf',
  'printSheet',
  'policyLibrary',
  'policyAudit',
  'previewPolicyValue',
  'addPolicyValue',
  'previewPolicyPack',
  'importPolicyPack',
  'exportPolicyPack',
  'setAdminPin',
  'addTrustedKey',
  'removeTrustedKey',
  'listBackups',
  'backupNow',
  'restoreBackup',
  'setRetention',
  'exportClientData',
  'deleteClientData',
] as const;
