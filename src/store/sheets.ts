// Printed sheets and print events (migrations 0003, 0007), written once for both databases
// (issue 23, item 1) over the query interface of sql.ts: the SQLite store and a hall's
// PostgreSQL store each run this repository on their own Runner. The store keeps a sheet's
// snapshot as the JSON it was given; what the snapshot means is the sheet's business. Each
// sheet keeps the key of its client's ID number, so an erasure finds it without its case.
// Numbers come from the counter row of the day and counter (sheet_counter), taken in the
// transaction that stores the sheet: two counters never get the same number, a number is never
// handed out twice (the row only increases, even after an erasure), and an issue that fails
// leaves no gap (its increase is rolled back too).
import { clientKey } from './client-data.ts';
import type { IssuedSheetRecord, PrintEvent, PrintKind, SheetRow, SheetStore } from './ports.ts';
import { formatSheetNumber, sheetNumberParts } from './sheet-number.ts';
import { one, rows, run, type Runner, type Work } from './sql.ts';

/** A row of `sheet` as stored. */
export interface SheetRecord {
  number: string;
  case_id: string | null;
  issued_at: string;
  clerk: string;
  snapshot_json: string;
  html: string;
  content_hash: string;
  client_key: string | null;
}

/** The columns of `sheet`, in the order sheetParams gives their values. */
export const SHEET_COLUMNS = [
  'number',
  'case_id',
  'issued_at',
  'clerk',
  'snapshot_json',
  'html',
  'content_hash',
  'client_key',
] as const satisfies ReadonlyArray<keyof SheetRecord>;

// Every field of SheetRecord is a column of the list (a field left out is a type error here).
const everyColumn: Record<Exclude<keyof SheetRecord, (typeof SHEET_COLUMNS)[number]>, never> = {};
void everyColumn;

/** A record's values in SHEET_COLUMNS order. */
export const sheetParams = (record: SheetRecord): unknown[] => SHEET_COLUMNS.map((c) => record[c]);

/** `INSERT INTO sheet (…) VALUES ($1, …)`. */
export const INSERT_SHEET = `INSERT INTO sheet (${SHEET_COLUMNS.join(', ')}) VALUES (${SHEET_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** A print event as stored (`print_event`, without its id). */
export interface PrintRecord {
  sheet_number: string;
  at: string;
  kind: PrintKind;
  clerk: string;
  content_hash: string;
}

export const INSERT_PRINT = `INSERT INTO print_event (sheet_number, at, kind, clerk, content_hash) VALUES ($1, $2, $3, $4, $5)`;

/** A sheet with how often it was printed (PostgreSQL counts as text: read as a number). */
type CountedSheet = SheetRecord & { prints: unknown };

const toRow = (row: CountedSheet): SheetRow => ({
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

export class SheetRepository implements SheetStore {
  readonly #runner: Runner;

  constructor(runner: Runner) {
    this.#runner = runner;
  }

  create(input: Parameters<SheetStore['create']>[0]): Promise<SheetRow> {
    return this.#runner.write(() => this.#create(input));
  }

  *#create(input: Parameters<SheetStore['create']>[0]): Work<SheetRow> {
    // The next number of the day and counter: YYYYMMDD-CC-NNNN.
    const { day, counter } = sheetNumberParts(input.issuedAt, input.counter);
    const taken = yield* one<{ last_number: unknown }>(
      `INSERT INTO sheet_counter (day, counter, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (day, counter) DO UPDATE SET last_number = sheet_counter.last_number + 1 RETURNING last_number`,
      day,
      counter,
    );
    if (!taken) throw new Error('sheet_counter returned no row');
    const number = formatSheetNumber(day, counter, Number(taken.last_number));
    const { snapshot, html, contentHash } = input.make(number);
    const { caseId, issuedAt, clerk } = input;
    const record: SheetRecord = {
      number,
      case_id: caseId,
      issued_at: issuedAt,
      clerk,
      snapshot_json: JSON.stringify(snapshot),
      html,
      content_hash: contentHash,
      client_key: clientKey(input.idNumber),
    };
    yield* run(INSERT_SHEET, ...sheetParams(record));
    return { number, caseId, issuedAt, clerk, snapshot, html, contentHash, prints: 0 };
  }

  async #sheets(where: string, ...params: unknown[]): Promise<SheetRow[]> {
    return (await this.#runner.read(() => rows<CountedSheet>(`${WITH_PRINTS} ${where}`, ...params))).map(toRow);
  }

  async get(number: string): Promise<SheetRow | null> {
    return (await this.#sheets(`WHERE number = $1`, number))[0] ?? null;
  }

  async listForCase(caseId: string): Promise<SheetRow[]> {
    return this.#sheets(`WHERE case_id = $1 ORDER BY issued_at DESC, number DESC`, caseId);
  }

  /** Every sheet issued for a client (by ID number), also one issued before the case was saved or left by a deleted case; newest first. */
  async listForClient(idNumber: string): Promise<SheetRow[]> {
    return this.#sheets(`WHERE client_key = $1 ORDER BY issued_at DESC, number DESC`, clientKey(idNumber));
  }

  async recordPrint(number: string, event: PrintEvent): Promise<void> {
    await this.#runner.write(() => run(INSERT_PRINT, number, event.at, event.kind, event.clerk, event.contentHash));
  }

  async printEvents(number: string): Promise<PrintEvent[]> {
    const found = await this.#runner.read(() =>
      rows<PrintRecord>(`SELECT at, kind, clerk, content_hash FROM print_event WHERE sheet_number = $1 ORDER BY id`, number),
    );
    return found.map((r) => ({ at: r.at, kind: r.kind, clerk: r.clerk, contentHash: r.content_hash }));
  }

  async issuedBetween(fromDay: string, toDay: string): Promise<IssuedSheetRecord[]> {
    // issued_at is local time (YYYY-MM-DDTHH:MM:SS): a day's sheets sort between the day and the next.
    const found = await this.#runner.read(() =>
      rows<Pick<SheetRecord, 'number' | 'case_id' | 'issued_at' | 'clerk' | 'snapshot_json'>>(
        `SELECT number, case_id, issued_at, clerk, snapshot_json FROM sheet WHERE issued_at >= $1 AND substr(issued_at, 1, 10) <= $2
         ORDER BY issued_at, number`,
        fromDay,
        toDay,
      ),
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
