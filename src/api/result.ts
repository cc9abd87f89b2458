// How every API call answers: a result object, never a thrown exception across the
// boundary. Errors carry a typed code (what the window may act on) and a Chinese message
// (what the clerk reads). Inside the services a failure is thrown as a ServiceError with
// its code; one place (the services' guard) turns it into a result.
import type { FieldError } from '../core/validate.ts';

export const API_ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'DATABASE_FROM_FUTURE',
  'DATABASE_CORRUPT',
  'DATABASE_READONLY',
  'INTERNAL',
  'UNSUPPORTED',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export type ApiError = {
  code: ApiErrorCode;
  message: string;
  fields?: FieldError[];
};

export type Failure = { ok: false; error: ApiError };
export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ApiErrorCode, message: string, fields?: FieldError[]): Failure => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

/** A failure the services raise on purpose: its code travels to the window as it is. */
export class ServiceError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: FieldError[] | undefined;
  constructor(code: ApiErrorCode, message: string, fields?: FieldError[]) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.fields = fields;
  }
}
