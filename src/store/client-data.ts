// How both stores (SQLite and PostgreSQL) find and store a client's ID number, so a lookup
// or an erasure finds every row that names them (issue 12): the number normalised on save,
// sheets keyed by the SHA-256 of it, drafts read by what the window typed.
import { createHash } from 'node:crypto';
import type { CaseFile } from '../core/case.ts';
import { normalizeIdNumber } from '../core/idcard.ts';

/** The case file as stored: its ID number normalised (absent or blank stays as it is). */
export function normalizedCase(caseFile: CaseFile): { caseFile: CaseFile; idNumber: string | null } {
  const raw = caseFile.person.idNumber;
  const idNumber = raw ? normalizeIdNumber(raw) || null : null;
  if (!raw || raw === idNumber) return { caseFile, idNumber };
  return { caseFile: { ...caseFile, person: { ...caseFile.person, idNumber } }, idNumber };
}

/**
 * What a sheet keeps to find its client at erasure: the SHA-256 (hex) of the normalised ID
 * number — not the number itself, which the sheet shows only masked.
 */
export function clientKey(idNumber: string | null | undefined): string | null {
  return idNumber ? createHash('sha256').update(normalizeIdNumber(idNumber), 'utf8').digest('hex') : null;
}

/** The ID number typed in a draft's form, normalised, if it has one (the form is whatever the window keeps). */
export function draftIdNumber(form: unknown): string | null {
  const person = typeof form === 'object' && form !== null && 'person' in form ? form.person : null;
  const id = typeof person === 'object' && person !== null && 'idNumber' in person ? person.idNumber : null;
  return typeof id === 'string' ? normalizeIdNumber(id) : null;
}

/** The name typed in a draft's form, if it has one. */
export function draftName(form: unknown): string | null {
  const person = typeof form === 'object' && form !== null && 'person' in form ? form.person : null;
  const name = typeof person === 'object' && person !== null && 'name' in person ? person.name : null;
  return typeof name === 'string' && name.trim() ? name : null;
}
