// Case validation: structure with valibot, then the domain checks the contract lists
// (ID checksum and agreement, known regions, overlaps, months after the payment
// month, …). Every problem becomes one Chinese line naming the field path; nothing
// is guessed or silently corrected. The checks live in ./validate/: fields (schemas and
// structural wording), person and id, request, history and overlaps, region.
import * as v from 'valibot';
import type { CaseFile, NormalizedCase } from './case.ts';
import { monthOfDay, parseDate } from './calendar.ts';
import { yuanToFen } from './money.ts';
import type { RegionDirectory } from './regions.ts';
import {
  ENTRY_FIELDS,
  formatPath,
  keySegment,
  KNOWN_TOP,
  PARSE_CONFIG,
  PERSON_FIELDS,
  plainStructural,
  REQUEST_FIELDS,
  REQUIRED_TOP,
  shown,
  structuralMessage,
  TOP_FIELDS,
  CASE_LIMITS,
  type Parsed,
} from './validate/fields.ts';
import { checkHistory } from './validate/history.ts';
import { checkPerson } from './validate/person.ts';
import { regionCheck } from './validate/region.ts';
import { checkRequest } from './validate/request.ts';

export { CASE_LIMITS };

export interface FieldError {
  /** Field path as in the case file: `history[1].to`, `person.idNumber`. */
  path: string;
  /** The command line's wording (its stderr contract): may name field paths and codes. */
  message: string;
  /**
   * The same problem as the counter window says it next to the field: no field paths, no
   * codes, rows counted from 1 ("与第1段…重叠"), "月份不存在" for month 13. Absent where
   * the message already reads so.
   */
  plain?: string;
}

/** What the window shows for an error (its plain wording, else the message). */
export const plainMessage = (error: FieldError): string => error.plain ?? error.message;

export type ValidationResult = { ok: true; value: NormalizedCase; caseFile: CaseFile } | { ok: false; errors: FieldError[] };

/**
 * Validates a parsed JSON case against the contract and the region table.
 * Returns every problem found, each with its field path.
 */
export function validateCase(input: unknown, regions: RegionDirectory): ValidationResult {
  const errors: FieldError[] = [];
  const err = (path: string, message: string, plain?: string) =>
    errors.push(plain === undefined ? { path, message } : { path, message, plain });
  // Each part is checked on its own, so every independent problem is reported at once.
  const part = <S extends v.GenericSchema>(schema: S, value: unknown, path: string): v.InferOutput<S> | null => {
    const parsed = v.safeParse(schema, value, PARSE_CONFIG);
    if (parsed.success) return parsed.output;
    const field = /(\w+)$/.exec(path)?.[1] ?? '';
    for (const issue of parsed.issues) {
      const inner = formatPath(issue.path);
      const at = inner === '(文件)' ? path : inner.startsWith('[') ? `${path}${inner}` : `${path}.${inner}`;
      err(at, structuralMessage(issue), plainStructural(issue, field));
    }
    return null;
  };
  /** An object's fields, each checked alone; null when it is no object. */
  const fields = <E extends Record<string, v.GenericSchema>>(entries: E, value: unknown, path: string): Parsed<E> | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      err(path, `应为对象，收到 ${shown(value)}`);
      return null;
    }
    const raw = value as Record<string, unknown>;
    for (const key of Object.keys(raw)) if (!(key in entries)) err(`${path}${keySegment(key, false)}`, '未知字段（是否拼写有误？）');
    const out = { failed: new Set<string>(), output: {} } as Parsed<E>;
    for (const key of Object.keys(entries) as Array<keyof E & string>) {
      const before = errors.length;
      const parsed = part(entries[key] as E[typeof key], raw[key], `${path}.${key}`);
      if (errors.length > before) out.failed.add(key);
      else if (parsed !== undefined) out.output[key] = parsed;
      out[key] = (parsed ?? null) as Parsed<E>[typeof key];
    }
    return out;
  };

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(文件)', message: `案件文件应为 JSON 对象，收到 ${shown(input)}` }] };
  }
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!KNOWN_TOP.has(key)) err(keySegment(key, true), '未知字段（是否拼写有误？）');
  for (const key of REQUIRED_TOP) if (obj[key] === undefined) err(key, '缺少必填字段', '必填');
  const format = obj.format === undefined ? null : part(TOP_FIELDS.format, obj.format, 'format');
  const asOfText = obj.asOf === undefined ? null : part(TOP_FIELDS.asOf, obj.asOf, 'asOf');
  const regionText = obj.region === undefined ? null : part(TOP_FIELDS.region, obj.region, 'region');
  const deemedMonths = part(TOP_FIELDS.deemedMonths, obj.deemedMonths, 'deemedMonths');
  const person = obj.person === undefined ? null : fields(PERSON_FIELDS, obj.person, 'person');
  const request = obj.request === undefined ? null : fields(REQUEST_FIELDS, obj.request, 'request');
  let rawHistory: unknown[] | null = null;
  if (obj.history !== undefined) {
    if (!Array.isArray(obj.history)) err('history', `参保记录应为数组，收到 ${shown(obj.history)}`);
    else if (obj.history.length > CASE_LIMITS.historyMaxEntries) err('history', `参保记录不能超过 ${CASE_LIMITS.historyMaxEntries} 段`);
    else rawHistory = obj.history;
  }
  const parsedEntries = (rawHistory ?? []).map((entry, index) => fields(ENTRY_FIELDS, entry, `history[${index}]`));

  // Domain checks on every field that parsed.
  const asOf = asOfText ? parseDate(asOfText) : null;
  const checkRegion = regionCheck(regions, err);
  if (regionText) checkRegion('region', regionText);

  // Person: birth month, the ID number on its own and against birth and sex, retirement category.
  const { birth, idNumber, birthDay } = checkPerson(person, asOf, asOfText, err);

  // Request: payment date window, payer, scheme switches.
  const { paymentDate, switchFrom, payer } = checkRequest(request, asOf, asOfText, regionText, checkRegion, err);
  const P = paymentDate === null ? null : monthOfDay(paymentDate);

  // History: each range, then overlaps across every range whose months read.
  const entries = checkHistory(parsedEntries, { paymentMonth: P, birth, birthText: person?.birth ?? '', regionText, checkRegion }, err);

  const sorted = [...entries].sort((a, b) => a.from - b.from || a.index - b.index);
  if (
    errors.length > 0 ||
    !format ||
    asOf === null ||
    !regionText ||
    !person?.name ||
    !person.sex ||
    !person.retirementCategory ||
    !request?.scheme ||
    request.failed.size > 0 ||
    request.residentRepairYears === null ||
    !rawHistory ||
    paymentDate === null ||
    birth === null ||
    deemedMonths === null
  ) {
    return { ok: false, errors: dedupe(errors) };
  }
  const caseFile = {
    ...obj,
    deemedMonths,
    person: person.output,
    request: request.output,
    history: parsedEntries.map((e) => e?.output),
  } as unknown as CaseFile;
  return {
    ok: true,
    caseFile,
    value: {
      asOf,
      region: regionText,
      person: {
        name: person.name.trim(),
        idNumber,
        sex: person.sex,
        birth,
        birthDay,
        retirementCategory: person.retirementCategory,
      },
      history: sorted,
      deemedMonths,
      request: {
        scheme: request.scheme,
        paymentDate,
        payer,
        baseFen: request.base == null ? null : yuanToFen(request.base),
        transferFrom: request.transferFrom ?? null,
        switchFromScheme: switchFrom,
        residentRepairYears: request.residentRepairYears,
      },
    },
  };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "history[1].to: 月份应为 YYYY-MM 格式，收到 "2026-13"" — the CLI's stderr lines. */
export function formatFieldError(error: FieldError): string {
  return `${error.path}: ${error.message}`;
}
