// Moving a counter into the hall (`yibao hall import --from yibao.sqlite`): its saved cases,
// its sheets with their numbers and hashes, its print records and its 已缴 marks (到期提醒) are copied into the hall
// database in one transaction — all of it or nothing — and only what is not there yet, so
// running it again moves nothing more. The hall's sheet counters are raised past every
// imported number, so the hall never hands one of them out again.
//
// The counter's file is hostile until checked (issue 22): a stored sheet's HTML is printed by
// the hall, so a sheet is taken only when its HTML is exactly what the program renders from
// its own snapshot (the data, escaped by the renderer) — a hash recomputed over tampered HTML
// no longer gets it in.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { DatabaseFromFutureError } from '../errors.ts';
import { latestSchemaVersion } from '../migrate.ts';
import type { CaseFile } from '../../core/case.ts';
import { validateCase } from '../../core/validate.ts';
import { CASE_COLUMNS, caseParams, placeholders, withDefaults, type CaseRecord, type StoredCase } from '../case-records.ts';
import { clientKey, normalizedCase } from '../client-data.ts';
import { parseSheetNumber } from '../sheet-number.ts';
import { INSERT_PRINT, INSERT_SHEET, sheetParams, type PrintRecord, type SheetRecord } from '../sheets.ts';
import { inTransaction, one } from './pool.ts';
import type { PgStore } from './store.ts';

export interface ImportReport {
  source: string;
  cases: { moved: number; present: number };
  sheets: { moved: number; present: number };
  prints: { moved: number; present: number };
  /** 已缴 marks of the counter's 到期提醒 (one per case; one the hall already has for that case is kept). */
  marks: { moved: number; present: number };
}

/**
 * Why the import stopped, in Chinese (a sheet in the hall with the same number but other content,
 * a case or sheet that would poison the hall, a file that is no counter database): nothing is moved.
 */
export class ImportConflictError extends Error {}

/** The highest sequence an imported sheet number may carry: far above any day's sheets, far below the counter's limit. */
export const MAX_IMPORTED_SEQUENCE = 99_999;
/** A stored time that may be taken: a real instant since 2000, not after the import (plus 5 minutes of clock drift). */
function realTime(text: unknown, now: number): string | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  if (!Number.isFinite(at) || at < Date.parse('2000-01-01T00:00:00Z') || at > now + 5 * 60_000) return null;
  return text;
}

/** A case as the hall will hold it: validated like a typed one, its ID number normalised; or the reasons it is refused. */
function checkedCase(
  c: StoredCase,
  regions: Parameters<typeof validateCase>[1],
  now: number,
): { caseFile: CaseFile; idNumber: string | null } | string[] {
  const problems: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(c.case_json);
  } catch {
    return ['案件内容不是有效的 JSON'];
  }
  // What a clerk typed is normalised the way a save does it (" 11010119800307651x\n" is one ID number).
  const person = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { person?: unknown }).person : null;
  if (typeof person === 'object' && person !== null && typeof (person as { idNumber?: unknown }).idNumber === 'string')
    parsed = normalizedCase(parsed as CaseFile).caseFile;
  const validated = validateCase(parsed, regions);
  if (!validated.ok) problems.push(...validated.errors.slice(0, 3).map((e) => e.plain ?? e.message));
  if (!realTime(c.created_at, now)) problems.push(`建立时间“${String(c.created_at).slice(0, 40)}”不是有效的过去时间`);
  if (!realTime(c.updated_at, now)) problems.push(`保存时间“${String(c.updated_at).slice(0, 40)}”不是有效的过去时间`);
  if (problems.length > 0 || !validated.ok) return problems;
  return normalizedCase(validated.caseFile);
}

/** A sheet as a counter's file stores it: client_key came with migration 0007. */
type StoredSheet = Omit<SheetRecord, 'client_key'> & { client_key?: string | null };

interface MarkRecord {
  case_id: string;
  case_version: number;
  sheet_number: string | null;
  marked_at: string;
  marked_by: string;
  marked_counter: string;
}

/** A clerk's name or a counter number as stored with a mark: printable, short. */
const MARK_TEXT = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,64}$/u;

/** Why a stored 已缴 mark is not taken, or null. */
function markProblem(m: MarkRecord, caseIds: ReadonlySet<string>, now: number): string | null {
  if (typeof m.case_id !== 'string' || !caseIds.has(m.case_id)) return '它所属的案件文件中没有';
  if (!Number.isSafeInteger(m.case_version) || m.case_version < 1) return '案件版本不是正整数';
  if (!realTime(m.marked_at, now)) return `标记时间“${String(m.marked_at).slice(0, 40)}”不是有效的过去时间`;
  if (typeof m.marked_by !== 'string' || !MARK_TEXT.test(m.marked_by)) return '标记人的姓名为空、过长或含控制字符';
  if (typeof m.marked_counter !== 'string' || !MARK_TEXT.test(m.marked_counter)) return '标记窗口号为空、过长或含控制字符';
  if (m.sheet_number !== null && (typeof m.sheet_number !== 'string' || !parseSheetNumber(m.sheet_number)))
    return '所指的告知单编号不是“日期-窗口号-序号”的形式';
  return null;
}

export interface ImportOptions {
  /** The sheet's canonical HTML rendered from its snapshot (src/sheet's renderer); throws on a snapshot it cannot render. */
  renderSheet: (snapshot: unknown) => string;
  /** The import's clock (default the machine's): stored times after it are refused. */
  now?: () => Date;
}

/** Why a stored sheet is not taken: its HTML is not what its own snapshot renders to. Null when it is. */
function sheetProblem(s: StoredSheet, renderSheet: ImportOptions['renderSheet']): string | null {
  let rendered: string;
  try {
    rendered = renderSheet(JSON.parse(s.snapshot_json));
  } catch {
    return `告知单 ${s.number} 的存档数据无法读取（可能被改动）`;
  }
  if (rendered !== s.html) return `告知单 ${s.number} 的存档页面与其数据不一致（可能被改动，或由另一版本的程序出具）`;
  return null;
}

export async function importCounterDatabase(file: string, store: PgStore, options: ImportOptions): Promise<ImportReport> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  let cases: StoredCase[];
  let sheets: StoredSheet[];
  let prints: PrintRecord[];
  let marks: MarkRecord[];
  try {
    // Bytes that are no SQLite database (or a damaged one) are said as such, not as an internal error.
    try {
      source.pragma('schema_version');
    } catch (error) {
      if (error instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(error.code))
        throw new ImportConflictError(`${file} 不是医保续缴核算台的数据库（不是 SQLite 数据库文件，或已损坏），无法导入。`);
      throw error;
    }
    const version = Number(source.pragma('user_version', { simple: true }));
    const latest = latestSchemaVersion(store.assetsDir);
    if (version > latest) throw new DatabaseFromFutureError(version, latest);
    if (version < 3) throw new ImportConflictError(`${file} 不是医保续缴核算台的数据库，或版本过旧（第 ${version} 版），无法导入。`);
    cases = source.prepare(`SELECT * FROM case_record ORDER BY updated_at`).all() as StoredCase[];
    sheets = source.prepare(`SELECT * FROM sheet ORDER BY issued_at, number`).all() as StoredSheet[];
    prints = source.prepare(`SELECT sheet_number, at, kind, clerk, content_hash FROM print_event ORDER BY id`).all() as PrintRecord[];
    // 已缴 marks since migration 0010 (an older counter has none).
    const hasMarks = source.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'payment_mark'`).get() !== undefined;
    marks = hasMarks
      ? (source
          .prepare(`SELECT case_id, case_version, sheet_number, marked_at, marked_by, marked_counter FROM payment_mark ORDER BY rowid`)
          .all() as MarkRecord[])
      : [];
  } finally {
    source.close();
  }
  // Every case is checked like a typed one, every sheet number and time too: all refusals are
  // reported together, and nothing is moved unless none is left.
  const now = (options.now?.() ?? new Date()).getTime();
  const regions = await store.policy.regions();
  const refusals: string[] = [];
  const accepted = new Map<string, { record: StoredCase; caseFile: CaseFile; idNumber: string | null }>();
  cases.forEach((c, i) => {
    const checked = checkedCase(c, regions, now);
    const label = `第 ${i + 1} 件案件（${String(c.person_name ?? '').slice(0, 20) || '无姓名'}）`;
    if (Array.isArray(checked)) refusals.push(`${label}：${checked.join('；')}`);
    else accepted.set(c.id, { record: c, ...checked });
  });
  for (const s of sheets) {
    const parts = parseSheetNumber(s.number);
    if (!parts || parts.sequence < 1 || parts.sequence > MAX_IMPORTED_SEQUENCE)
      refusals.push(`告知单 ${String(s.number).slice(0, 40)}：编号不是“日期-窗口号-序号”的形式，或序号超过 ${MAX_IMPORTED_SEQUENCE}`);
    if (!realTime(s.issued_at, now)) refusals.push(`告知单 ${String(s.number).slice(0, 40)}：出具时间不是有效的过去时间`);
  }
  const caseIds = new Set(cases.map((c) => c.id));
  marks.forEach((m, i) => {
    const problem = markProblem(m, caseIds, now);
    if (problem) refusals.push(`第 ${i + 1} 条已缴标记：${problem}`);
  });
  if (refusals.length > 0)
    throw new ImportConflictError(
      `${file} 中有 ${refusals.length} 处内容不能进入大厅，未导入任何数据：\n${refusals.slice(0, 20).join('\n')}${refusals.length > 20 ? '\n……' : ''}`,
    );
  // A stored sheet whose bytes no longer match its hash is not carried into the hall.
  for (const s of sheets) {
    if (createHash('sha256').update(s.html).digest('hex') !== s.content_hash)
      throw new ImportConflictError(`告知单 ${s.number} 的存档内容与其摘要不符（可能被改动），未导入任何数据。`);
    const problem = sheetProblem(s, options.renderSheet);
    if (problem) throw new ImportConflictError(`${problem}，未导入任何数据。`);
  }
  const report: ImportReport = {
    source: file,
    cases: { moved: 0, present: 0 },
    sheets: { moved: 0, present: 0 },
    prints: { moved: 0, present: 0 },
    marks: { moved: 0, present: 0 },
  };
  await inTransaction(store.pool, async (db) => {
    for (const { record: c, caseFile, idNumber } of accepted.values()) {
      // What a clerk typed, normalised as a save does it; the times as ISO instants.
      const record: CaseRecord = {
        ...withDefaults(c),
        person_name: caseFile.person.name,
        id_number: idNumber,
        region: caseFile.region,
        case_json: JSON.stringify(caseFile),
        created_at: new Date(c.created_at).toISOString(),
        updated_at: new Date(c.updated_at).toISOString(),
      };
      const inserted = await db.query(
        `INSERT INTO case_record (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders(CASE_COLUMNS)}) ON CONFLICT (id) DO NOTHING`,
        caseParams(record),
      );
      if (inserted.rowCount === 1) report.cases.moved++;
      else report.cases.present++;
    }
    const highest = new Map<string, { day: string; counter: string; sequence: number }>();
    for (const s of sheets) {
      const existing = await one<{ content_hash: string }>(db, `SELECT content_hash FROM sheet WHERE number = $1`, [s.number]);
      if (existing) {
        if (existing.content_hash !== s.content_hash)
          throw new ImportConflictError(
            `大厅数据库中已有编号为 ${s.number} 的另一份告知单（内容不同）：可能有两个窗口使用了同一窗口号。未导入任何数据。`,
          );
        report.sheets.present++;
      } else {
        const ofCase = s.case_id
          ? await one<{ id_number: string | null }>(db, `SELECT id_number FROM case_record WHERE id = $1`, [s.case_id])
          : null;
        // The client's key, so an erasure finds the sheet: from its case's (normalised) ID number,
        // else the counter's own key when it is one (a sheet kept after its case was deleted).
        const key =
          clientKey(ofCase?.id_number ?? null) ??
          (typeof s.client_key === 'string' && /^[0-9a-f]{64}$/.test(s.client_key) ? s.client_key : null);
        await db.query(INSERT_SHEET, sheetParams({ ...s, case_id: ofCase ? s.case_id : null, client_key: key }));
        report.sheets.moved++;
      }
      const parts = parseSheetNumber(s.number);
      const key = parts ? `${parts.day}-${parts.counter}` : null;
      if (parts && key && (highest.get(key)?.sequence ?? 0) < parts.sequence) highest.set(key, parts);
    }
    // Never hand out an imported number again: each day's counter row goes at least that far.
    for (const { day, counter, sequence } of highest.values()) {
      await db.query(
        `INSERT INTO sheet_counter (day, counter, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (day, counter) DO UPDATE SET last_number = excluded.last_number WHERE sheet_counter.last_number < excluded.last_number`,
        [day, counter, sequence],
      );
    }
    // Print records have no id of their own across databases: the same (sheet, time, kind, clerk,
    // hash) may occur twice (two prints in one second), so each group is topped up to its count.
    const groups = new Map<string, { print: PrintRecord; count: number }>();
    for (const p of prints) {
      const key = JSON.stringify([p.sheet_number, p.at, p.kind, p.clerk, p.content_hash]);
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { print: p, count: 1 });
    }
    for (const { print: p, count } of groups.values()) {
      const params = [p.sheet_number, p.at, p.kind, p.clerk, p.content_hash];
      const there = Number(
        (
          await one<{ n: string }>(
            db,
            `SELECT count(*) AS n FROM print_event WHERE sheet_number = $1 AND at = $2 AND kind = $3 AND clerk = $4 AND content_hash = $5`,
            params,
          )
        )?.n ?? 0,
      );
      for (let i = there; i < count; i++) await db.query(INSERT_PRINT, params);
      report.prints.moved += Math.max(0, count - there);
      report.prints.present += Math.min(count, there);
    }
    // A mark the hall already has for that case (set there since, or moved before) is kept.
    for (const m of marks) {
      const inserted = await db.query(
        `INSERT INTO payment_mark (case_id, case_version, sheet_number, marked_at, marked_by, marked_counter)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO NOTHING`,
        [m.case_id, m.case_version, m.sheet_number, new Date(m.marked_at).toISOString(), m.marked_by, m.marked_counter],
      );
      if (inserted.rowCount === 1) report.marks.moved++;
      else report.marks.present++;
    }
    await db.query(`INSERT INTO hall_activity (username, counter, method, ok, detail) VALUES (NULL, NULL, 'hallImport', true, $1)`, [
      `cases ${report.cases.moved}/${cases.length}, sheets ${report.sheets.moved}/${sheets.length}, prints ${report.prints.moved}/${prints.length}, marks ${report.marks.moved}/${marks.length}`,
    ]);
  });
  return report;
}
