// Printed sheets and print events (migration 0003). The store keeps a sheet's snapshot as
// the JSON it was given; what the snapshot means is the sheet's business, not the store's.
import type Database from 'better-sqlite3';
import { dbOf, type DbSource } from './connection.ts';
import type { PrintEvent, PrintKind, SheetRow, SheetStore } from './ports.ts';

interface SheetRecord {
  number: string;
  case_id: string | null;
  issued_at: string;
  clerk: string;
  snapshot_json: string;
  html: string;
  content_hash: string;
  prints: number;
}

interface PrintRecord {
  at: string;
  kind: PrintKind;
  clerk: string;
  content_hash: string;
}

const toRow = (row: SheetRecord): SheetRow => ({
  number: row.number,
  caseId: row.case_id,
  issuedAt: row.issued_at,
  clerk: row.clerk,
  snapshot: JSON.parse(row.snapshot_json),
  html: row.html,
  contentHash: row.content_hash,
  prints: row.prints,
});

const WITH_PRINTS = `SELECT s.*, (SELECT count(*) FROM print_event p WHERE p.sheet_number = s.number) AS prints FROM sheet s`;

export class SheetRepository implements SheetStore {
  readonly #source: DbSource;

  constructor(source: DbSource) {
    this.#source = source;
  }

  get #db(): Database.Database {
    return dbOf(this.#source);
  }

  /** The next number for a day and counter: YYYYMMDD-CC-NNNN. */
  #nextNumber(issuedAt: string, counter: string): string {
    const prefix = `${issuedAt.slice(0, 10).replace(/-/g, '')}-${(counter.replace(/\D/g, '') || '0').padStart(2, '0').slice(-2)}-`;
    const count: unknown = this.#db.prepare(`SELECT count(*) FROM sheet WHERE number LIKE ?`).pluck().get(`${prefix}%`);
    return `${prefix}${String(Number(count) + 1).padStart(4, '0')}`;
  }

  async create(input: {
    caseId: string | null;
    issuedAt: string;
    clerk: string;
    counter: string;
    make: (number: string) => { snapshot: unknown; html: string; contentHash: string };
  }): Promise<SheetRow> {
    return this.#db
      .transaction(() => {
        const number = this.#nextNumber(input.issuedAt, input.counter);
        const { snapshot, html, contentHash } = input.make(number);
        this.#db
          .prepare(`INSERT INTO sheet (number, case_id, issued_at, clerk, snapshot_json, html, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`)
          .run(number, input.caseId, input.issuedAt, input.clerk, JSON.stringify(snapshot), html, contentHash);
        return { number, caseId: input.caseId, issuedAt: input.issuedAt, clerk: input.clerk, snapshot, html, contentHash, prints: 0 };
      })
      .immediate();
  }

  async get(number: string): Promise<SheetRow | null> {
    const row = this.#db.prepare(`${WITH_PRINTS} WHERE number = ?`).get(number) as SheetRecord | undefined;
    return row ? toRow(row) : null;
  }

  async listForCase(caseId: string): Promise<SheetRow[]> {
    const rows = this.#db.prepare(`${WITH_PRINTS} WHERE case_id = ? ORDER BY issued_at DESC, number DESC`).all(caseId) as SheetRecord[];
    return rows.map(toRow);
  }

  async recordPrint(number: string, event: PrintEvent): Promise<void> {
    this.#db
      .prepare(`INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES (?, ?, ?, ?, ?)`)
      .run(number, event.at, event.kind, event.clerk, event.contentHash);
  }

  async printEvents(number: string): Promise<PrintEvent[]> {
    const rows = this.#db
      .prepare(`SELECT at, kind, clerk, content_hash FROM print_event WHERE sheet_number = ? ORDER BY id`)
      .all(number) as PrintRecord[];
    return rows.map((r) => ({ at: r.at, kind: r.kind, clerk: r.clerk, contentHash: r.content_hash }));
  }
}
