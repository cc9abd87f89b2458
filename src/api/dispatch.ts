// One place where calls arriving from outside a process (Electron IPC, loopback HTTP)
// are checked against the API table's schema before they reach the services. A bad call
// gets an INVALID_INPUT result, never an exception.
import * as v from 'valibot';
import { isApiMethod, type ApiMethod, type YibaoApi } from './contract.ts';
import { API } from './methods.ts';
import { fail, type Result } from './result.ts';

async function invoke<M extends ApiMethod>(api: YibaoApi, method: M, input: unknown): Promise<Result<unknown>> {
  const spec = API[method];
  const checked = v.safeParse(spec.input, input);
  if (!checked.success) {
    // What the clerk typed is answered field by field; any other bad call names the method.
    const problems: ((issues: readonly v.BaseIssue<unknown>[]) => string[]) | undefined = spec.problems;
    if (problems) return fail('INVALID_INPUT', problems(checked.issues).join('\n'));
    return fail('INVALID_INPUT', `接口 ${method} 的参数不正确：${checked.issues.map((i) => i.message).join('；')}`);
  }
  const handler: YibaoApi[M] = api[method];
  return handler(checked.output);
}

export async function dispatch(api: YibaoApi, method: string, input: unknown): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return fail('INVALID_INPUT', `未知的接口 ${method}`);
  try {
    return await invoke(api, method, input);
  } catch (error) {
    return fail('INTERNAL', `内部错误：${error instanceof Error ? error.message : String(error)}`);
  }
}
