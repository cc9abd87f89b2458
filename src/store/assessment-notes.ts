// 统计's 核算案件 in the counter's SQLite file (migration 0012's `assessment_note`): one row per
// consultation, noted by the window when the typing pauses. No client is named in it.
import { dbOf, retryBusy, type DbSource } from './connection.ts';
import type { AssessmentNote, AssessmentNoteStore } from './ports.ts';

interface NoteRow {
  consultation: string;
  day: string;
  first_at: string;
  last_at: string;
  clerk: string;
  counter: string;
  region: string;
  scheme: string;
  interruption_months: number | null;
  unknowns_json: string;
}

export const noteOfRow = (r: NoteRow): AssessmentNote => ({
  consultation: r.consultation,
  day: r.day,
  firstAt: r.first_at,
  lastAt: r.last_at,
  clerk: r.clerk,
  counter: r.counter,
  region: r.region,
  scheme: r.scheme,
  interruptionMonths: r.interruption_months,
  unknowns: JSON.parse(r.unknowns_json) as AssessmentNote['unknowns'],
});

/** The upsert both databases run: a consultation keeps its first day, time, clerk and counter. */
export const NOTE_UPSERT = (p: (n: number) => string) =>
  `INSERT INTO assessment_note (consultation, day, first_at, last_at, clerk, counter, region, scheme, interruption_months, unknowns_json)
   VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(p).join(', ')})
   ON CONFLICT (consultation) DO UPDATE SET last_at = excluded.last_at, region = excluded.region, scheme = excluded.scheme,
     interruption_months = excluded.interruption_months, unknowns_json = excluded.unknowns_json`;

export const noteParams = (n: Omit<AssessmentNote, 'firstAt'>) => [
  n.consultation,
  n.day,
  n.lastAt,
  n.lastAt,
  n.clerk,
  n.counter,
  n.region,
  n.scheme,
  n.interruptionMonths,
  JSON.stringify(n.unknowns),
];

export class AssessmentNoteRepository implements AssessmentNoteStore {
  readonly #source: DbSource;

  constructor(source: DbSource) {
    this.#source = source;
  }

  async note(note: Omit<AssessmentNote, 'firstAt'>): Promise<void> {
    const db = dbOf(this.#source);
    await retryBusy(() => db.prepare(NOTE_UPSERT(() => '?')).run(noteParams(note)));
  }

  async notedBetween(fromDay: string, toDay: string): Promise<AssessmentNote[]> {
    const found = dbOf(this.#source)
      .prepare(`SELECT * FROM assessment_note WHERE day >= ? AND day <= ? ORDER BY first_at, consultation`)
      .all(fromDay, toDay) as NoteRow[];
    return found.map(noteOfRow);
  }
}
