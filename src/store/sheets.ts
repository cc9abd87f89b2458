// Printed sheets and print events (migration 0003).
import type Database from 'better-sqlite3';
import type { SheetData } from '../sheet/sheet-data.ts';

export interface SheetRow {
  number: string;
  caseId: string | null;
  issuedAt: string;
  clerk: string;
  snapshot: SheetData;
  /** The canonical HTML handed out (fonts not yet filled in). */
  html: string;
  contentHash: string;
  prints: number;
}

export type PrintKind = 'pdf' | 'html' | 'print';

export class SheetRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** The next number for a day and counter: YYYYMMDD-CC-NNNN. */
  nextNumber(issuedAt: string, counter: string): string {
    const prefix = `${issuedAt.slice(0, 10).replace(/-/g, '')}-${(counter.replace(/\D/g, '') || '0').padStart(2, '0').slice(-2)}-`;
    const count = this.#db.prepare(`SELECT count(*) FROM sheet WHERE number LIKE ?`).pluck().get(`${prefix}%`) as number;
    return `${prefix}${String(count + 1).padStart(4, '0')}`;
  }

  /** Numbers and stores a sheet in one transaction (two counters never get the same number). */
  create(input: {
    caseId: string | null;
    issuedAt: string;
    clerk: string;
    counter: string;
    make: (number: string) => { snapshot: SheetData; html: string; contentHash: string };
  }): SheetRow {
    return this.#db
      .transaction(() => {
        const number = this.nextNumber(input.issuedAt, input.counter);
        const { snapshot, html, contentHash } = input.make(number);
        this.#db
          .prepare(`INSERT INTO sheet (number, case_id, issued_at, clerk, snapshot_json, html, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`)
          .run(number, input.caseId, input.issuedAt, input.clerk, JSON.stringify(snapshot), html, contentHash);
        return { number, caseId: input.caseId, issuedAt: input.issuedAt, clerk: input.clerk, snapshot, html, contentHash, prints: 0 };
      })
      .immediate();
  }

  get(number: string): SheetRow | null {
    const row = this.#db
      .prepare(`SELECT s.*, (SELECT count(*) FROM print_event p WHERE p.sheet_number = s.number) AS prints FROM sheet s WHERE number = ?`)
      .get(number) as Record<string, string | number | null> | undefined;
    return row ? toRow(row) : null;
  }

  listForCase(caseId: string): SheetRow[] {
    return (
      this.#db
        .prepare(
          `SELECT s.*, (SELECT count(*) FROM print_event p WHERE p.sheet_number = s.number) AS prints FROM sheet s WHERE case_id = ? ORDER BY issued_at DESC, number DESC`,
        )
        .all(caseId) as Array<Record<string, string | number | null>>
    ).map(toRow);
  }

  recordPrint(number: string, kind: PrintKind, clerk: string, contentHash: string, at: string): void {
    this.#db
      .prepare(`INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES (?, ?, ?, ?, ?)`)
      .run(number, at, kind, clerk, contentHash);
  }

  printEvents(number: string): Array<{ at: string; kind: PrintKind; clerk: string; contentHash: string }> {
    return (
      this.#db.prepare(`SELECT at, kind, clerk, content_hash FROM print_event WHERE sheet_number = ? ORDER BY id`).all(number) as Array<
        Record<string, string>
      >
    ).map((r) => ({
      at: r.at!,
      kind: r.kind as PrintKind,
      clerk: r.clerk!,
      contentHash: r.content_hash!,
    }));
  }
}

function toRow(row: Record<string, string | number | null>): SheetRow {
  return {
    number: row.number as string,
    caseId: (row.case_id as string | null) ?? null,
    issuedAt: row.issued_at as string,
    clerk: row.clerk as string,
    snapshot: JSON.parse(row.snapshot_json as string) as SheetData,
    html: row.html as string,
    contentHash: row.content_hash as string,
    prints: Number(row.prints ?? 0),
  };
}
