// Printed sheets and print events (migrations 0003, 0007). The store keeps a sheet's snapshot
// as the JSON it was given; what the snapshot means is the sheet's business, not the store's.
// Numbers come from the counter row of the day and counter (sheet_counter), which only ever
// increases: taken and used in the one immediate transaction that stores the sheet.
import type Database from 'better-sqlite3';
import { clientKey } from './client-data.ts';
import { formatSheetNumber, sheetNumberParts } from './sheet-number.ts';
import { dbOf, retryBusy, type DbSource } from './connection.ts';
import type { IssuedSheetRecord, PrintEvent, PrintKind, SheetRow, SheetStore } from './ports.ts';

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

  /** Takes the next number of a day and counter from its counter row: YYYYMMDD-CC-NNNN. */
  #takeNumber(issuedAt: string, counter: string): string {
    const prefix = sheetNumberParts(issuedAt, counter);
    const taken: unknown = this.#db
      .prepare(
        `INSERT INTO sheet_counter (day, counter, last_number) VALUES (?, ?, 1)
         ON CONFLICT (day, counter) DO UPDATE SET last_number = sheet_counter.last_number + 1 RETURNING last_number`,
      )
      .pluck()
      .get(prefix.day, prefix.counter);
    return formatSheetNumber(prefix.day, prefix.counter, Number(taken));
  }

  async create(input: Parameters<SheetStore['create']>[0]): Promise<SheetRow> {
    return retryBusy(() =>
      this.#db
        .transaction(() => {
          const number = this.#takeNumber(input.issuedAt, input.counter);
          const { snapshot, html, contentHash } = input.make(number);
          this.#db
            .prepare(
              `INSERT INTO sheet (number, case_id, issued_at, clerk, snapshot_json, html, content_hash, client_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(number, input.caseId, input.issuedAt, input.clerk, JSON.stringify(snapshot), html, contentHash, clientKey(input.idNumber));
          return { number, caseId: input.caseId, issuedAt: input.issuedAt, clerk: input.clerk, snapshot, html, contentHash, prints: 0 };
        })
        .immediate(),
    );
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
    await retryBusy(() =>
      this.#db
        .prepare(`INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES (?, ?, ?, ?, ?)`)
        .run(number, event.at, event.kind, event.clerk, event.contentHash),
    );
  }

  /** Every sheet issued for a client (by ID number), also one issued before the case was saved or left by a deleted case; newest first. */
  async listForClient(idNumber: string): Promise<SheetRow[]> {
    const rows = this.#db
      .prepare(`${WITH_PRINTS} WHERE client_key = ? ORDER BY issued_at DESC, number DESC`)
      .all(clientKey(idNumber)) as SheetRecord[];
    return rows.map(toRow);
  }

  async printEvents(number: string): Promise<PrintEvent[]> {
    const rows = this.#db
      .prepare(`SELECT at, kind, clerk, content_hash FROM print_event WHERE sheet_number = ? ORDER BY id`)
      .all(number) as PrintRecord[];
    return rows.map((r) => ({ at: r.at, kind: r.kind, clerk: r.clerk, contentHash: r.content_hash }));
  }

  async issuedBetween(fromDay: string, toDay: string): Promise<IssuedSheetRecord[]> {
    // issued_at is local time (YYYY-MM-DDTHH:MM:SS): a day's sheets sort between the day and the next.
    const rows = this.#db
      .prepare(
        `SELECT number, case_id, issued_at, clerk, snapshot_json FROM sheet WHERE issued_at >= ? AND substr(issued_at, 1, 10) <= ? ORDER BY issued_at, number`,
      )
      .all(fromDay, toDay) as Array<Pick<SheetRecord, 'number' | 'case_id' | 'issued_at' | 'clerk' | 'snapshot_json'>>;
    return rows.map((r) => ({
      number: r.number,
      caseId: r.case_id,
      issuedAt: r.issued_at,
      clerk: r.clerk,
      snapshot: JSON.parse(r.snapshot_json),
    }));
  }
}
