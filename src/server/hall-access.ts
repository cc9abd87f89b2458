// Who may call what in a service hall, method by method: every method of the API table is
// classified here (a method added to the table without a line here fails the type-check).
//   public   — answered without signing in (the status and the sign-in itself)
//   clerk    — any signed-in clerk or administrator
//   admin    — administrators only: policy edits, packs, keys and PIN, restore (backups, the
//              recycle bin), retention,
//              erasure and export of a client's data, hall settings, accounts
//   counter  — kept on the counter itself (drafts stay in the window until saved): the server refuses
// `writes`: the call changes something, so the hall records it with the clerk and the counter.
import type { ApiMethod } from '../api/contract.ts';
import { plainHttpRefused } from './refusals.ts';

export type Access = 'public' | 'clerk' | 'admin' | 'counter';

export const HALL_ACCESS: { readonly [M in ApiMethod]: { access: Access; writes: boolean } } = {
  bootstrap: { access: 'clerk', writes: false },
  assess: { access: 'clerk', writes: false },
  regions: { access: 'clerk', writes: false },
  listCases: { access: 'clerk', writes: false },
  getCase: { access: 'clerk', writes: false },
  saveCase: { access: 'clerk', writes: true },
  deleteCase: { access: 'clerk', writes: true },
  // 回收站: names and IDs of every counter's deleted cases, so administrators only.
  deletedCases: { access: 'admin', writes: false },
  restoreCase: { access: 'admin', writes: true },
  parseStatement: { access: 'clerk', writes: false },
  getDraft: { access: 'counter', writes: false },
  saveDraft: { access: 'counter', writes: true },
  clearDraft: { access: 'counter', writes: true },
  getSettings: { access: 'clerk', writes: false },
  saveSettings: { access: 'admin', writes: true },
  previewSheet: { access: 'clerk', writes: false },
  issueSheet: { access: 'clerk', writes: true },
  getSheet: { access: 'clerk', writes: false },
  listSheets: { access: 'clerk', writes: false },
  verifySheet: { access: 'clerk', writes: false },
  recordPrint: { access: 'clerk', writes: true },
  sheetPdf: { access: 'clerk', writes: true },
  printSheet: { access: 'clerk', writes: true },
  policyLibrary: { access: 'clerk', writes: false },
  policyVersion: { access: 'clerk', writes: false },
  policyAudit: { access: 'clerk', writes: false },
  policyCoverage: { access: 'clerk', writes: false },
  policyRelease: { access: 'clerk', writes: false },
  resolvePolicyConflict: { access: 'admin', writes: true },
  previewPolicyValue: { access: 'clerk', writes: false },
  previewPolicyEdits: { access: 'clerk', writes: false },
  addPolicyValue: { access: 'admin', writes: true },
  addPolicyValues: { access: 'admin', writes: true },
  exportPolicyEditsPack: { access: 'admin', writes: false },
  impactProgress: { access: 'clerk', writes: false },
  impactCases: { access: 'clerk', writes: false },
  cancelImpact: { access: 'clerk', writes: false },
  previewPolicyPack: { access: 'clerk', writes: false },
  importPolicyPack: { access: 'admin', writes: true },
  exportPolicyPack: { access: 'admin', writes: false },
  setAdminPin: { access: 'admin', writes: true },
  addTrustedKey: { access: 'admin', writes: true },
  removeTrustedKey: { access: 'admin', writes: true },
  listBackups: { access: 'clerk', writes: false },
  backupNow: { access: 'admin', writes: true },
  restoreBackup: { access: 'admin', writes: true },
  setRetention: { access: 'admin', writes: true },
  exportClientData: { access: 'admin', writes: false },
  deleteClientData: { access: 'admin', writes: true },
  // 到期提醒: across every counter's clients, so administrators only; an export is recorded.
  reminders: { access: 'admin', writes: false },
  exportReminders: { access: 'admin', writes: true },
  markReminderPaid: { access: 'admin', writes: true },
  // 统计: every counter's sheets and saves, so administrators only; an export is recorded.
  statistics: { access: 'admin', writes: false },
  exportStatistics: { access: 'admin', writes: true },
  // A clerk's window notes each case it assessed (no client named); the figures are read by administrators.
  noteAssessment: { access: 'clerk', writes: true },
  hallStatus: { access: 'public', writes: false },
  signIn: { access: 'public', writes: true },
  signOut: { access: 'clerk', writes: true },
  changePassword: { access: 'clerk', writes: true },
  listAccounts: { access: 'admin', writes: false },
  createAccount: { access: 'admin', writes: true },
  resetAccountPassword: { access: 'admin', writes: true },
  setAccountEnabled: { access: 'admin', writes: true },
};

/** Is `host` (as given to listen) a loopback address? Only these may serve without TLS. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Null when the hall may listen there; else why not, in Chinese. Never beyond loopback without TLS. */
export function listenProblem(host: string, tls: boolean): string | null {
  if (tls || isLoopback(host)) return null;
  return plainHttpRefused(host);
}
