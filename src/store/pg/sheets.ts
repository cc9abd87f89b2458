// Printed sheets and print events in PostgreSQL (migrations 0003, 0007: each sheet keeps the
// key of its client's ID number, so an erasure finds it without its case). The number comes from the
// per-day-per-counter row of `sheet_counter`, taken in the issuing transaction: two counters
// never get the same number, a number is never handed out twice (the row only increases, even
// after an erasure), and an issue that fails leaves no gap (its increase is rolled back too).
import type pg from 'pg';
import type { IssuedSheetRecord, PrintEvent, PrintKind, SheetRow, SheetStore } from '../ports.ts';
import { clientKey } from '../client-data.ts';
import { formatSheetNumber, sheetNumberParts } from '../sheet-number.ts';
import { inTransaction, one, rows } from './pool.ts';

interface SheetRecord {
  number: string;
  case_id: string | null;
  issued_at: string;
  clerk: string;
  snapshot_json: string;
  html: string;
  content_hash: string;
  prints: string;
}

const toRow = (row: SheetRecord): SheetRow => ({
  number: row.number,
  caseId: row.case_id,
  issuedAt: row.issued_at,
  clerk: row.clerk,
  snapshot: JSON.parse(row.snapshot_json),
  html: row.html,
  contentHash: row.content_hash,
  prints: Number(row.prints),
});

const WITH_PRINTS = `SELECT s.*, (SELECT count(*) FROM print_event p WHERE p.sheet_number = s.number) AS prints FROM sheet s`;

export class PgSheetRepository implements SheetStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(input: Parameters<SheetStore['create']>[0]): Promise<SheetRow> {
    const { day, counter } = sheetNumberParts(input.issuedAt, input.counter);
    return inTransaction(this.#pool, async (db) => {
      const taken = await one<{ last_number: number }>(
        db,
        `INSERT INTO sheet_counter (day, counter, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (day, counter) DO UPDATE SET last_number = sheet_counter.last_number + 1 RETURNING last_number`,
        [day, counter],
      );
      if (!taken) throw new Error('sheet_counter returned no row');
      const number = formatSheetNumber(day, counter, taken.last_number);
      const { snapshot, html, contentHash } = input.make(number);
      await db.query(
        `INSERT INTO sheet (number, case_id, issued_at, clerk, snapshot_json, html, content_hash, client_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [number, input.caseId, input.issuedAt, input.clerk, JSON.stringify(snapshot), html, contentHash, clientKey(input.idNumber)],
      );
      return { number, caseId: input.caseId, issuedAt: input.issuedAt, clerk: input.clerk, snapshot, html, contentHash, prints: 0 };
    });
  }

  async get(number: string): Promise<SheetRow | null> {
    const row = await one<SheetRecord>(this.#pool, `${WITH_PRINTS} WHERE number = $1`, [number]);
    return row ? toRow(row) : null;
  }

  async listForCase(caseId: string): Promise<SheetRow[]> {
    return (await rows<SheetRecord>(this.#pool, `${WITH_PRINTS} WHERE case_id = $1 ORDER BY issued_at DESC, number DESC`, [caseId])).map(
      toRow,
    );
  }

  async listForClient(idNumber: string): Promise<SheetRow[]> {
    return (
      await rows<SheetRecord>(this.#pool, `${WITH_PRINTS} WHERE client_key = $1 ORDER BY issued_at DESC, number DESC`, [
        clientKey(idNumber),
      ])
    ).map(toRow);
  }

  async recordPrint(number: string, event: PrintEvent): Promise<void> {
    await one(this.#pool, `INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES ($1, $2, $3, $4, $5)`, [
      number,
      event.at,
      event.kind,
      event.clerk,
      event.contentHash,
    ]);
  }

  async printEvents(number: string): Promise<PrintEvent[]> {
    const found = await rows<{ at: string; kind: PrintKind; clerk: string; content_hash: string }>(
      this.#pool,
      `SELECT at, kind, clerk, content_hash FROM print_event WHERE sheet_number = $1 ORDER BY id`,
      [number],
    );
    return found.map((r) => ({ at: r.at, kind: r.kind, clerk: r.clerk, contentHash: r.content_hash }));
  }

  async issuedBetween(fromDay: string, toDay: string): Promise<IssuedSheetRecord[]> {
    // issued_at is local time (YYYY-MM-DDTHH:MM:SS): a day's sheets sort between the day and the next.
    const found = await rows<Pick<SheetRecord, 'number' | 'case_id' | 'issued_at' | 'clerk' | 'snapshot_json'>>(
      this.#pool,
      `SELECT number, case_id, issued_at, clerk, snapshot_json FROM sheet WHERE issued_at >= $1 AND substr(issued_at, 1, 10) <= $2
       ORDER BY issued_at, number`,
      [fromDay, toDay],
    );
    return found.map((r) => ({
      number: r.number,
      caseId: r.case_id,
      issuedAt: r.issued_at,
      clerk: r.clerk,
      snapshot: JSON.parse(r.snapshot_json),
    }));
  }
}
