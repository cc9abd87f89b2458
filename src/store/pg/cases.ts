// Saved cases in a hall's PostgreSQL: the shared logic of ../case-repository.ts run on
// PostgreSQL for many counters at once, plus what is PostgreSQL's own — the case list searched
// from its trigram and piece indexes, and the impact preview's walk. A save locks only its own
// case's row (issue 22: one hall-wide lock let one stopped instance stop every save in the
// hall) and must name the version it started from (optimistic saves): a case saved meanwhile at
// another counter is reported, never overwritten unseen. "Latest first" is the order of the
// savers' clocks; one case's stamps only increase.
import type pg from 'pg';
import { SharedCaseRepository } from '../case-repository.ts';
import type { CaseRow, CaseScanFilter, CaseScanStep } from '../ports.ts';
import { one, pgRunner, rows } from './pool.ts';

/** The searches of the case list (migration 0009's indexes); tests check the plans. */
export const PG_CASE_QUERIES = {
  byIdDigits: `SELECT * FROM case_record WHERE id_number IS NOT NULL AND (id_number LIKE $1 OR reverse(id_number) LIKE $2)
    ORDER BY updated_at DESC LIMIT $3`,
  byNameTrigrams: `SELECT * FROM case_record WHERE person_name ILIKE $1 ORDER BY updated_at DESC LIMIT $2`,
  byNamePiece: `SELECT * FROM case_record WHERE yibao_name_pieces(person_name) @> ARRAY[lower($1)] ORDER BY updated_at DESC LIMIT $2`,
} as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class PgCaseRepository extends SharedCaseRepository {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool, now?: () => string) {
    super(pgRunner(pool), { versionRequired: true, stampAfter: 'own-save' }, now);
    this.#pool = pool;
  }

  override async list(query: { text?: string; limit?: number } = {}): Promise<CaseRow[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const text = (query.text ?? '').trim();
    if (!text) return this.latest(limit);
    if (/^[0-9Xx]+$/.test(text)) {
      const upper = text.toUpperCase();
      if (upper.length === 18)
        return this.cases(`SELECT * FROM case_record WHERE id_number = $1 ORDER BY updated_at DESC LIMIT $2`, upper, limit);
      // First or last digits, each from its own index (migration 0009); digits need no escaping.
      return this.cases(PG_CASE_QUERIES.byIdDigits, `${upper}%`, `${[...upper].reverse().join('')}%`, limit);
    }
    // Names: the trigram index for 3 or more characters, the index of 1- and 2-character pieces below.
    if ([...text].length >= 3) return this.cases(PG_CASE_QUERIES.byNameTrigrams, `%${escapeLike(text)}%`, limit);
    return this.cases(PG_CASE_QUERIES.byNamePiece, text, limit);
  }

  override async scan(filter: CaseScanFilter, afterKey: number, walk: number): Promise<CaseScanStep> {
    const span = await one<{ last: string | null; walked: string }>(
      this.#pool,
      `SELECT max(key) AS last, count(*) AS walked FROM (SELECT key FROM case_search WHERE key > $1 ORDER BY key LIMIT $2) AS next`,
      [afterKey, walk],
    );
    if (!span?.last) return { rows: [], walked: 0, lastKey: null };
    const lastKey = Number(span.last);
    const found = await rows<{ key: string; id: string; person_name: string; id_number: string | null; case_json: string }>(
      this.#pool,
      `SELECT s.key, c.id, c.person_name, c.id_number, c.case_json
       FROM case_search AS s JOIN case_record AS c ON c.id = s.case_id
       WHERE s.key > $1 AND s.key <= $2
         AND ($3::text IS NULL OR s.reads_from IS NULL OR s.reads_from <= $3::text)
         AND ($4::text[] IS NULL OR EXISTS (SELECT 1 FROM case_region AS r WHERE r.case_key = s.key AND r.region = ANY ($4::text[])))
       ORDER BY s.key`,
      [afterKey, lastKey, filter.readsBy, filter.regions],
    );
    return {
      rows: found.map((r) => ({ key: Number(r.key), id: r.id, personName: r.person_name, idNumber: r.id_number, caseJson: r.case_json })),
      walked: Number(span.walked),
      lastKey,
    };
  }
}
