// 统计's 核算案件 in a hall's PostgreSQL database (migration 0012's `assessment_note`): the same
// rows and upsert as the SQLite store (../assessment-notes.ts).
import type pg from 'pg';
import { NOTE_UPSERT, noteOfRow, noteParams } from '../assessment-notes.ts';
import type { AssessmentNote, AssessmentNoteStore } from '../ports.ts';
import { one, rows } from './pool.ts';

export class PgAssessmentNoteRepository implements AssessmentNoteStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async note(note: Omit<AssessmentNote, 'firstAt'>): Promise<void> {
    await one(
      this.#pool,
      NOTE_UPSERT((n) => `$${String(n)}`),
      noteParams(note),
    );
  }

  async notedBetween(fromDay: string, toDay: string): Promise<AssessmentNote[]> {
    const found = await rows<Parameters<typeof noteOfRow>[0]>(
      this.#pool,
      `SELECT * FROM assessment_note WHERE day >= $1 AND day <= $2 ORDER BY first_at, consultation`,
      [fromDay, toDay],
    );
    return found.map(noteOfRow);
  }
}
