// One place where calls arriving from outside a process (Electron IPC, loopback HTTP)
// are checked against the API table's schema before they reach the services. A bad call
// gets an INVALID_INPUT result in Chinese, never an exception or an engine's English text.
import * as v from 'valibot';
import { isApiMethod, type ApiMethod, type YibaoApi } from './contract.ts';
import { API } from './methods.ts';
import type { FieldError } from '../core/validate.ts';
import { fail, type Result } from './result.ts';

/** Deeper than any call the window makes (a case file is 4 levels); keeps recursion far from the stack's end. */
export const MAX_NESTING = 64;

/** True when a value nests arrays and objects more than `limit` levels deep (checked without recursion). */
export function nestedTooDeep(value: unknown, limit = MAX_NESTING): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limit) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

const TYPE_ZH: Record<string, string> = {
  Object: '对象',
  Array: '数组',
  string: '文本',
  number: '数字',
  boolean: '是或否',
  null: '空值',
  undefined: '空',
};

/** One problem of a call, in Chinese: the schema's own Chinese message, else the field and what it should be. */
function issueZh(issue: v.BaseIssue<unknown>): string {
  if (/[\u4e00-\u9fff]/.test(issue.message)) return issue.message;
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  const field = path ? `字段 ${path}` : '参数';
  if (issue.kind === 'schema' && issue.expected === 'never') return `${field} 是多余的`;
  if (issue.received === 'undefined') return `缺少${field}`;
  const expected = issue.expected
    ?.split(' | ')
    .map((t) => TYPE_ZH[t] ?? t)
    .join('或');
  return expected && issue.kind === 'schema' ? `${field} 应为${expected}` : `${field} 的值不符合要求`;
}

export const TOO_DEEP_MESSAGE = `请求内容嵌套过深（超过 ${MAX_NESTING} 层），未处理：请刷新页面后重试。`;

/** A name outside the API table (worded here once: the HTTP servers refuse with the same words). */
export const unknownMethodMessage = (name: string): string => `未知的接口 ${name}`;

async function invoke<M extends ApiMethod>(api: Partial<YibaoApi>, method: M, input: unknown): Promise<Result<unknown>> {
  if (nestedTooDeep(input)) return fail('INVALID_INPUT', TOO_DEEP_MESSAGE);
  const spec = API[method];
  const checked = v.safeParse(spec.input, input);
  if (!checked.success) {
    // What the clerk typed is answered field by field; any other bad call names the method.
    const problems: ((issues: readonly v.BaseIssue<unknown>[]) => string[]) | undefined = spec.problems;
    const fields: ((issues: readonly v.BaseIssue<unknown>[]) => FieldError[]) | undefined = 'fields' in spec ? spec.fields : undefined;
    if (problems) return fail('INVALID_INPUT', problems(checked.issues).join('\n'), fields?.(checked.issues));
    return fail('INVALID_INPUT', `接口 ${method} 的参数不正确：${[...new Set(checked.issues.map(issueZh))].join('；')}`);
  }
  const handler: YibaoApi[M] | undefined = api[method];
  // A part of the table (a hall's own slice) asked for a method it does not answer: said, never a silent null.
  if (!handler) return fail('INVALID_INPUT', unknownMethodMessage(method));
  return handler(checked.output);
}

/** Checks a call against the table and runs it on `api` (the whole table, or one part of it such as a hall's slice). */
export async function dispatch(api: Partial<YibaoApi>, method: string, input: unknown): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return fail('INVALID_INPUT', unknownMethodMessage(method));
  try {
    return await invoke(api, method, input);
  } catch {
    // The services answer with result objects; whatever escaped them is not for the clerk to read.
    return fail('INTERNAL', '内部错误：这次操作没有完成。请重试；如仍出错，请记下时间并联系维护人员。');
  }
}
