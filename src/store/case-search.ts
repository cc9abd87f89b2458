// Searching saved cases (issue 14), from indexes only: names by any piece (migration 0009's FTS5
// trigram index, and its index of 1- and 2-character pieces), ID numbers by their first or last
// digits (the reversed number is indexed). Plain functions of a database handle, so the program's
// own connection and the search thread (search-thread.ts) run the very same code.
import type Database from 'better-sqlite3';
import type { CaseRecord } from './case-records.ts';

/** The queries the counter runs all day; tests check that each is answered from an index. */
export const CASE_QUERIES = {
  latest: `SELECT * FROM case_record ORDER BY updated_at DESC LIMIT ?`,
  byIdNumber: `SELECT * FROM case_record WHERE id_number = ? ORDER BY updated_at DESC LIMIT ?`,
  /** Cases whose name has a piece (migration 0009's trigram index); the ids of the matches. */
  byName: `SELECT s.case_id FROM case_name_fts AS f JOIN case_search AS s ON s.key = f.rowid WHERE case_name_fts MATCH ?`,
  /** Cases whose ID number starts or ends with some digits (the reversed number is indexed); UNION ALL, so a LIMIT stops it early (an id may come twice). */
  byIdDigits: `SELECT id FROM case_record WHERE id_number >= ? AND id_number < ? UNION ALL SELECT id FROM case_record WHERE id_tail >= ? AND id_tail < ?`,
} as const;

/** Up to this many matches are sorted by time; beyond, the latest cases are walked until enough match. */
const FEW_MATCHES = 2000;

/** What the walk of the latest cases reads of each (issue 14: not the case file). */
interface WalkedCase {
  id: string;
  person_name: string;
  id_number: string | null;
}

/** Lower case as SQLite's lower() makes it without ICU: ASCII letters only. */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

/** The smallest text after every text starting with `prefix` (prefixes of ID digits: ASCII). */
export function nextPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Closes a 1- or 2-character piece of a name as migration 0009 stores it. */
const PIECE_END = '\u0001';

/**
 * The full-text query for names containing `text` (case-insensitive): its trigrams in order for
 * 3 or more characters, else the closed piece (migration 0009).
 */
export function nameMatch(text: string): string {
  const chars = [...text];
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
  if (chars.length >= 3) return `name : ${quoted(text)}`;
  return `pieces : ${quoted(text + PIECE_END.repeat(3 - chars.length))}`;
}

const strings = (db: Database.Database, sql: string, ...params: unknown[]): string[] =>
  db
    .prepare(sql)
    .pluck()
    .all(...params) as string[];

/**
 * The latest `limit` of the cases whose ids `matchSql` selects: a few matches are fetched and
 * sorted; many (a one-character name, a digit) are found by walking the latest cases (their name
 * and ID number only) and testing each with `matches` — the same test as the index's — or,
 * without one, against the set of all matches.
 */
function latestOf(
  db: Database.Database,
  matchSql: string,
  params: unknown[],
  limit: number,
  matches: ((row: WalkedCase) => boolean) | null,
): CaseRecord[] {
  const byTime = `SELECT * FROM case_record WHERE id IN (SELECT value FROM json_each(?)) ORDER BY updated_at DESC LIMIT ?`;
  const few = strings(db, `${matchSql} LIMIT ${FEW_MATCHES + 1}`, ...params);
  if (few.length <= FEW_MATCHES) return db.prepare(byTime).all(JSON.stringify(few), limit) as CaseRecord[];
  let test = matches;
  if (!test) {
    const all = new Set(strings(db, matchSql, ...params));
    test = (row) => all.has(row.id);
  }
  const ids: string[] = [];
  const walk = db.prepare(`SELECT id, person_name, id_number FROM case_record ORDER BY updated_at DESC`);
  for (const row of walk.iterate() as Iterable<WalkedCase>) {
    if (!test(row)) continue;
    ids.push(row.id);
    if (ids.length === limit) break;
  }
  return db.prepare(byTime).all(JSON.stringify(ids), limit) as CaseRecord[];
}

/** The latest `limit` cases whose name has `text` as a piece, or whose ID number starts or ends with it (digits). */
export function searchCases(db: Database.Database, text: string, limit: number): CaseRecord[] {
  if (/^[0-9Xx]+$/.test(text)) {
    const upper = text.toUpperCase();
    if (upper.length === 18) return db.prepare(CASE_QUERIES.byIdNumber).all(upper, limit) as CaseRecord[];
    const tail = [...upper].reverse().join('');
    const digits = (r: WalkedCase) => r.id_number !== null && (r.id_number.startsWith(upper) || r.id_number.endsWith(upper));
    return latestOf(db, CASE_QUERIES.byIdDigits, [upper, nextPrefix(upper), tail, nextPrefix(tail)], limit, digits);
  }
  // A piece of one or two characters is stored lower-cased by SQLite's lower() (ASCII letters
  // only): the same test, made on the walked names, gives the same matches.
  const piece = [...text].length < 3 ? asciiLower(text) : null;
  const hasPiece = piece === null ? null : (r: WalkedCase) => asciiLower(r.person_name).includes(piece);
  return latestOf(db, CASE_QUERIES.byName, [nameMatch(text)], limit, hasPiece);
}
