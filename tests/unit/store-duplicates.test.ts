// One store logic for two databases (issue 23, item 1): what SQLite (src/store) and a hall's
// PostgreSQL (src/store/pg) share is written once (src/store/sql.ts, case-records.ts,
// case-repository.ts, erasure.ts, sheets.ts, policy-records.ts), so no block of six lines
// is repeated between the two folders. Lines are compared normalised: spaces collapsed, blank
// and comment lines left out, and PostgreSQL's `$1` placeholders read as SQLite's `?`, so a
// statement copied from one dialect into the other is found too.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const WINDOW = 6;

const sourcesIn = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));

/** Each file's normalised code lines with their line numbers. */
function codeLines(file: string): Array<{ text: string; line: number }> {
  let inImport = false;
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((raw, i) => ({ text: raw.trim().replace(/\s+/g, ' ').replace(/\$\d+/g, '?'), line: i + 1 }))
    .filter(({ text }) => {
      // Import lists name what a file uses, not how it works: two files may well import the same.
      if (/^(import|export) (type )?\{$/.test(text)) inImport = true;
      const skipped = inImport || /^import /.test(text);
      if (inImport && /^\} from '[^']+';$/.test(text)) inImport = false;
      return !skipped && text !== '' && !/^(\/\/|\/\*|\*)/.test(text);
    });
}

/** Every run of WINDOW consecutive code lines, keyed by its text. */
function windows(file: string): Map<string, number> {
  const lines = codeLines(file);
  const found = new Map<string, number>();
  for (let i = 0; i + WINDOW <= lines.length; i++) {
    const key = lines
      .slice(i, i + WINDOW)
      .map((l) => l.text)
      .join('\n');
    if (!found.has(key)) found.set(key, lines[i]?.line ?? 0);
  }
  return found;
}

/** Where a block of WINDOW lines of a file in `b` repeats one of a file in `a`. */
function repeatedBlocks(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const file of a) for (const [key, line] of windows(file)) if (!seen.has(key)) seen.set(key, `${relative(root, file)}:${line}`);
  const repeated: string[] = [];
  for (const file of b)
    for (const [key, line] of windows(file)) {
      const first = seen.get(key);
      if (first) repeated.push(`${relative(root, file)}:${line} repeats ${first}`);
    }
  return repeated;
}

describe('one store logic for SQLite and PostgreSQL', () => {
  it('no block of six lines is repeated between src/store and src/store/pg', () => {
    expect(repeatedBlocks(sourcesIn(join(root, 'src', 'store')), sourcesIn(join(root, 'src', 'store', 'pg')))).toEqual([]);
  });

  it('the check finds a statement copied from one dialect into the other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-dup-'));
    try {
      const body = ['const a = 1;', 'const b = 2;', 'const c = 3;', 'const d = 4;', 'const e = 5;'];
      writeFileSync(join(dir, 'sqlite.ts'), ['// one', 'db.run(`SELECT * FROM t WHERE id = ?`)', ...body, ''].join('\n'));
      writeFileSync(join(dir, 'pg.ts'), ['', '   db.run(`SELECT  * FROM t WHERE id = $1`)', '// other words', ...body].join('\n'));
      expect(repeatedBlocks([join(dir, 'sqlite.ts')], [join(dir, 'pg.ts')])).toHaveLength(1);
      writeFileSync(join(dir, 'pg.ts'), ['db.run(`SELECT * FROM u WHERE id = $1`)', ...body].join('\n'));
      expect(repeatedBlocks([join(dir, 'sqlite.ts')], [join(dir, 'pg.ts')])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
