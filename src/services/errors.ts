// Errors become result objects in one place. A ServiceError keeps its code; a problem with
// the database itself gets its own code and Chinese text saying what to do; a problem the store
// explains itself keeps its Chinese text. Anything else is INTERNAL with a plain Chinese
// message: an engine's English text or a stack trace never reaches the clerk (the kind of
// fault goes to the operational log instead, through the reporter open-local.ts installs).
import { fail, ok, ServiceError, type ApiErrorCode, type Failure, type Result } from '../api/result.ts';
import { storageProblem, StoreError, type StorageKind } from '../store/errors.ts';

const STORAGE_CODES: Record<StorageKind, ApiErrorCode> = {
  corrupt: 'DATABASE_CORRUPT',
  readonly: 'DATABASE_READONLY',
  'from-future': 'DATABASE_FROM_FUTURE',
  full: 'DISK_FULL',
  busy: 'DATABASE_BUSY',
  unavailable: 'DATABASE_UNAVAILABLE',
  unsupported: 'UNSUPPORTED',
};

export const INTERNAL_MESSAGE = '内部错误：这次操作没有完成。请重试；如仍出错，请记下时间并联系维护人员（详情已记入运行日志）。';

type InternalReporter = (details: { type: string; code: string | null }) => void;
let reportInternal: InternalReporter = () => {};

/** Where unexpected faults are reported (the operational log), without their message text. */
export function setInternalErrorReporter(reporter: InternalReporter): void {
  reportInternal = reporter;
}

export function errorResult(error: unknown): Failure {
  if (error instanceof ServiceError) return fail(error.code, error.message, error.fields, error.conflict);
  const problem = storageProblem(error);
  if (problem) return fail(STORAGE_CODES[problem.kind], problem.message);
  if (error instanceof StoreError)
    return fail(error.kind === 'not-found' ? 'NOT_FOUND' : error.kind === 'invalid' ? 'INVALID_INPUT' : 'INTERNAL', error.message);
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  reportInternal({ type: error instanceof Error ? error.name : typeof error, code });
  if (process.env.YIBAO_DEBUG) console.error(error);
  return fail('INTERNAL', INTERNAL_MESSAGE);
}

/** Runs a piece of a service and answers with a result object, whatever happens. */
export async function guard<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return errorResult(error);
  }
}
