// How every API call answers: a result object, never a thrown exception across the
// boundary. Errors carry a typed code (what the window may act on) and a Chinese message
// (what the clerk reads). Inside the services a failure is thrown as a ServiceError with
// its code; one place (the services' guard) turns it into a result.
import type { FieldError } from '../core/validate.ts';
import type { SavedCase } from './shapes.ts';

export const API_ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'DATABASE_FROM_FUTURE',
  'DATABASE_CORRUPT',
  'DATABASE_READONLY',
  /** The disk is full: nothing was saved; the clerk clears space and tries again. */
  'DISK_FULL',
  /** Another program held the database for too long: nothing was saved; try again. */
  'DATABASE_BUSY',
  /** The database cannot be used where it is: a folder given as the file, a disk that is gone, a hall's server that cannot be reached. */
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
  'UNSUPPORTED',
  /** The case was saved at another counter since it was opened (the error carries that version). */
  'CONFLICT',
  /** Hall mode: not signed in, or the session has expired. */
  'UNAUTHENTICATED',
  /** Hall mode: signed in, but the role may not do this (administrators only). */
  'FORBIDDEN',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export type ApiError = {
  code: ApiErrorCode;
  message: string;
  fields?: FieldError[];
  /** CONFLICT: the case as saved meanwhile at another counter (the clerk's own version is still in the window). */
  conflict?: SavedCase;
};

export type Failure = { ok: false; error: ApiError };
export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ApiErrorCode, message: string, fields?: FieldError[], conflict?: SavedCase): Failure => ({
  ok: false,
  error: { code, message, ...(fields ? { fields } : {}), ...(conflict ? { conflict } : {}) },
});

/** A failure the services raise on purpose: its code travels to the window as it is. */
export class ServiceError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly conflict: SavedCase | undefined;
  constructor(code: ApiErrorCode, message: string, fields?: FieldError[], conflict?: SavedCase) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.fields = fields;
    this.conflict = conflict;
  }
}
