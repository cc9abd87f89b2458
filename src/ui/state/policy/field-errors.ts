// A refused call's problems placed where they belong on the 政策库 screen: each beside the
// control of its field (the services and the row schema name fields as `value`,
// `document.number`, `edits[2].grade`, `pin`), the rest beside the button that was pressed.
import type { ApiError } from '../../../api/contract.ts';

/** Problems by field path; '' is "beside the button". */
export type FieldErrors = Record<string, string[]>;

/** The field paths of an edit inside a call's input (`edit.value` → `value`). */
const strip = (path: string, prefix: string) => (prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path);

export function fieldErrors(error: Pick<ApiError, 'message' | 'fields'>, prefix = ''): FieldErrors {
  const byField: FieldErrors = {};
  const add = (path: string, message: string) => {
    const list = (byField[path] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  if (error.fields?.length) for (const f of error.fields) add(strip(f.path, prefix), f.message);
  else for (const line of error.message.split('\n')) if (line.trim()) add('', line);
  return byField;
}

/** The problems of the schema's issues (a check made in the window before asking the services). */
export function issuesByField(fields: ReadonlyArray<{ path: string; message: string }>): FieldErrors {
  return fieldErrors({ message: '', fields: [...fields] });
}
