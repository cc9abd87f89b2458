// Errors become result objects in one place. A ServiceError keeps its code; a problem with
// the database itself gets its own code and Chinese text; anything else is INTERNAL.
import { fail, ok, ServiceError, type Failure, type Result } from '../api/result.ts';
import { storageProblem } from '../store/errors.ts';

const STORAGE_CODES = {
  corrupt: 'DATABASE_CORRUPT',
  readonly: 'DATABASE_READONLY',
  'from-future': 'DATABASE_FROM_FUTURE',
  unavailable: 'DATABASE_UNAVAILABLE',
  unsupported: 'UNSUPPORTED',
} as const;

export function errorResult(error: unknown): Failure {
  if (error instanceof ServiceError) return fail(error.code, error.message, error.fields, error.conflict);
  const problem = storageProblem(error);
  if (problem) return fail(STORAGE_CODES[problem.kind], problem.message);
  return fail('INTERNAL', `内部错误：${error instanceof Error ? error.message : String(error)}`);
}

/** Runs a piece of a service and answers with a result object, whatever happens. */
export async function guard<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return errorResult(error);
  }
}
