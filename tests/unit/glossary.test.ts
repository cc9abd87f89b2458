// One glossary of scheme terms (issue 23): the window, the sheet, the command line and the
// messages word a 险种 only as src/core/glossary.ts does. Any other wording of a scheme in src/
// (职工医保（单位）, 职工医保（单位职工）, 职工医保·单位参保, 城镇职工医保 …) fails here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from '../../src/core/case.ts';
import { SCHEME_SHORT_ZH, SCHEME_TERMS, SCHEME_WORDINGS, SCHEME_ZH } from '../../src/core/glossary.ts';

const root = join(import.meta.dirname, '..', '..');
/** The glossary itself, and the words of bank and bureau statements the importer must recognise (input, not wording). */
const EXEMPT = new Set(['src/core/glossary.ts', 'src/core/import-cells.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assets' ? [] : sources(path);
    return /\.(ts|svelte)$/.test(name) ? [relative(root, path).split('\\').join('/')] : [];
  });
}

/** Wordings of a scheme, each matched whole: 职工医保（…）, 职工（…）, 居民医保 with its qualifiers, the old names. */
const SCHEME_WORDING =
  /职工医保（[^）]*）|职工医保·[^）\s'`]*|(?<![男女])职工（[^）]*）|城镇职工(?:基本)?医(?:疗)?保(?:险)?|(?:城乡|城镇)?居民(?:基本)?医疗保险|单位职工医保|灵活就业医保/g;

function strayWordings(text: string): string[] {
  return [...text.matchAll(SCHEME_WORDING)].map((m) => m[0]).filter((w) => !SCHEME_WORDINGS.has(w));
}

describe('the scheme glossary', () => {
  it('names every scheme once, each wording distinct, and derives the tables the screens use', () => {
    expect(Object.keys(SCHEME_TERMS).sort()).toEqual([...SCHEMES].sort());
    expect(SCHEME_ZH).toEqual({ employee: '职工医保（单位参保）', flexible: '职工医保（灵活就业）', resident: '城乡居民医保' });
    expect(SCHEME_SHORT_ZH).toEqual({ employee: '职工（单位）', flexible: '灵活就业', resident: '居民医保' });
    expect(new Set(Object.values(SCHEME_ZH)).size).toBe(SCHEMES.length);
    expect(new Set(Object.values(SCHEME_SHORT_ZH)).size).toBe(SCHEMES.length);
  });

  it('finds a stray wording (the checker itself)', () => {
    expect(
      strayWordings("'职工医保（单位）' 职工医保（单位职工） 职工医保（灵活就业人员） 'employee（职工医保·单位参保）' 城镇职工医保"),
    ).toEqual(['职工医保（单位）', '职工医保（单位职工）', '职工医保（灵活就业人员）', '职工医保·单位参保', '城镇职工医保']);
    expect(strayWordings('职工医保（单位参保） 职工医保（灵活就业） 城乡居民医保 职工（单位） 居民医保')).toEqual([]);
  });

  it('no source file in src/ words a scheme outside the glossary', () => {
    const stray = sources(join(root, 'src'))
      .filter((f) => !EXEMPT.has(f))
      .flatMap((f) => strayWordings(readFileSync(join(root, f), 'utf8')).map((w) => `${f}: ${w}`));
    expect(stray).toEqual([]);
  });
});
