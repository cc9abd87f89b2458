// The operational log: what happened (start, saves, sheets, policy changes, backups, errors),
// never who. Callers pass case ids and sheet numbers, not names; anything shaped like an ID
// number is masked anyway, as a second line of defence.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const ID_LIKE = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;

export function redact(text: string): string {
  return text.replace(ID_LIKE, '$1********$2');
}

export class OpLog {
  readonly file: string | null;
  constructor(file: string | null) {
    this.file = file;
    try {
      if (file) mkdirSync(dirname(file), { recursive: true });
    } catch {
      // A read-only or full volume must not stop the program starting: the database says
      // what is wrong in Chinese, and the log is simply not written.
    }
  }

  write(event: string, details: Record<string, string | number | boolean | null> = {}): void {
    if (!this.file) return;
    const parts = Object.entries(details).map(([k, v]) => `${k}=${String(v)}`);
    try {
      appendFileSync(this.file, redact(`${new Date().toISOString()} ${event}${parts.length ? ` ${parts.join(' ')}` : ''}\n`));
    } catch {
      // A full disk must not stop the counter; the database reports its own errors.
    }
  }
}
