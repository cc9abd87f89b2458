// Erasing one client (issue 12), written once for both databases: their saved cases and those
// waiting in the recycle bin, the sheets of those cases, every sheet issued for their ID number
// (also before the case was saved, or left by a deleted case), the print records of those
// sheets, their 已缴 marks, and the draft about them. Sheets stored before migration 0007 carry
// no key of their client; such a sheet without a case is found by the masked ID number and a
// name of the client in its snapshot. On SQLite it also runs on a backup of any schema from
// 3 on, so it first looks at which tables the file has; a hall's database is always current.
import type Database from 'better-sqlite3';
import { maskIdNumber, normalizeIdNumber } from '../core/idcard.ts';
import { clientKey, draftIdNumber, draftName } from './client-data.ts';
import type { ClientErasure } from './ports.ts';
import { column, one, rows, run, runOnSqlite, SQLITE, type Dialect, type Work } from './sql.ts';

/** What an erasure needs to know of the file's schema. */
interface Schema {
  tables: ReadonlySet<string>;
  /** Sheets carry client_key and stored ID numbers are normalised (migration 0007). */
  hasClientKey: boolean;
}

const CURRENT: Schema = {
  tables: new Set(['case_record', 'case_bin', 'case_draft', 'sheet', 'print_event', 'payment_mark']),
  hasClientKey: true,
};

function* sqliteSchema(): Work<Schema> {
  const tables = new Set(yield* column<string>(`SELECT name FROM sqlite_schema WHERE type = 'table'`));
  const hasClientKey = tables.has('sheet') && (yield* column<string>(`SELECT name FROM pragma_table_info('sheet')`)).includes('client_key');
  return { tables, hasClientKey };
}

/** Erases one client inside the caller's transaction; what it erased. */
export function* eraseClientWork(d: Dialect, rawIdNumber: string): Work<ClientErasure> {
  const idNumber = normalizeIdNumber(rawIdNumber);
  const { tables, hasClientKey } = d.name === 'sqlite' ? yield* sqliteSchema() : CURRENT;
  if (!tables.has('case_record')) return { cases: 0, sheets: 0, draft: false };
  // An older file (a backup from before migration 0007) may hold an ID number with spaces around it or a lower-case x.
  const sameId = hasClientKey ? 'id_number = $1' : `upper(trim(id_number, ' ' || char(9, 10, 11, 12, 13, 160, 12288, 65279))) = $1`;
  const found = yield* rows<{ id: string; person_name: string }>(
    `SELECT id, person_name FROM case_record WHERE ${sameId}${d.forUpdate}`,
    idNumber,
  );
  const caseIds = found.map((r) => r.id);
  const names = new Set(found.map((r) => r.person_name));
  // Their cases waiting in the recycle bin (migration 0011) are erased too: an erasure is never a move to the bin.
  const binned = tables.has('case_bin')
    ? yield* rows<{ key: unknown; case_id: string; person_name: string; sheets: string }>(
        `SELECT key, case_id, person_name, sheets FROM case_bin WHERE id_number = $1${d.forUpdate}`,
        idNumber,
      )
    : [];
  for (const b of binned) names.add(b.person_name);
  const draft = tables.has('case_draft')
    ? yield* one<{ case_id: string | null; draft_json: string }>(`SELECT case_id, draft_json FROM case_draft WHERE slot = 'current'`)
    : null;
  const form: unknown = draft ? JSON.parse(draft.draft_json) : null;
  const draftAboutThem =
    draft !== null &&
    (draftIdNumber(form) === idNumber ||
      (draft.case_id !== null && (caseIds.includes(draft.case_id) || binned.some((b) => b.case_id === draft.case_id))));
  const typedName = draftAboutThem ? draftName(form) : null;
  if (typedName) names.add(typedName);

  const sheets = new Set<string>();
  if (tables.has('sheet') && tables.has('print_event')) {
    for (const n of yield* column<string>(`SELECT number FROM sheet WHERE ${d.inList('case_id', '$1')}`, caseIds)) sheets.add(n);
    if (hasClientKey)
      for (const n of yield* column<string>(`SELECT number FROM sheet WHERE client_key = $1`, clientKey(idNumber))) sheets.add(n);
    const legacy = yield* rows<{ number: string; name: unknown }>(
      `SELECT number, ${d.jsonText('snapshot_json', ['client', 'name'])} AS name FROM sheet
       WHERE ${d.jsonText('snapshot_json', ['client', 'idMasked'])} = $1 ${hasClientKey ? 'AND client_key IS NULL' : ''}`,
      maskIdNumber(idNumber),
    );
    for (const row of legacy) if (typeof row.name === 'string' && names.has(row.name)) sheets.add(row.number);
    for (const b of binned) for (const n of JSON.parse(b.sheets) as string[]) sheets.add(n);
    yield* run(`DELETE FROM print_event WHERE ${d.inList('sheet_number', '$1')}`, [...sheets]);
    yield* run(`DELETE FROM sheet WHERE ${d.inList('number', '$1')}`, [...sheets]);
  }
  // 已缴 marks (migration 0010) go with the case; a backup's connection does not enforce the cascade.
  if (tables.has('payment_mark')) yield* run(`DELETE FROM payment_mark WHERE ${d.inList('case_id', '$1')}`, caseIds);
  const cases = (yield* run(`DELETE FROM case_record WHERE ${d.inList('id', '$1')}`, caseIds)) + binned.length;
  if (binned.length)
    yield* run(
      `DELETE FROM case_bin WHERE ${d.inList('key', '$1')}`,
      binned.map((b) => b.key),
    );
  // SQLite's name index (migration 0009) only marks deleted entries: rewriting it drops their pieces.
  if (d.name === 'sqlite' && cases > 0 && tables.has('case_name_fts'))
    yield* run(`INSERT INTO case_name_fts (case_name_fts) VALUES ('optimize')`);
  if (draftAboutThem) yield* run(`DELETE FROM case_draft WHERE slot = 'current'`);
  return { cases, sheets: sheets.size, draft: draftAboutThem };
}

/** The erasure on an SQLite database (the program's, or a backup's), inside the caller's transaction. */
export const eraseClient = (db: Database.Database, idNumber: string): ClientErasure => runOnSqlite(db, eraseClientWork(SQLITE, idNumber));
