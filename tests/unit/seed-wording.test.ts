// What a clerk and a client read of the shipped policy library (issue 21, item 14): a row's
// document, title and article are printed in 依据 on the workbench and on the sheet, so they
// are words, never the rule book ("rules.md §5"), a section sign or a key name; a national
// document has one grade wherever it is cited; and a national (CN) row rests on a national
// document or a labelled product default, never on a city's reading labelled 全国.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface SeedDocument {
  id: string;
  number: string;
  title: string;
  issuer: string;
  kind: string;
}
interface SeedValue {
  region: string;
  key: string;
  effectiveFrom: string;
  document: string;
  article: string | null;
  grade: string;
}

const dir = join(import.meta.dirname, '..', '..', 'db', 'seed', 'policy');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ f, seed: JSON.parse(readFileSync(join(dir, f), 'utf8')) as { documents: SeedDocument[]; values: SeedValue[] } }));
const documents = new Map(files.flatMap(({ seed }) => seed.documents.map((d) => [d.id, d] as const)));
const values = files.flatMap(({ f, seed }) => seed.values.map((v) => ({ f, v })));

/** The rule book, a section sign, or a dotted key / domain name such as lateFee.dueRule. */
const DEVELOPER_WORDS = /rules\.md|§|\b[a-z]+[A-Z]?[a-z]*\.[a-z][A-Za-z.-]*\b/;
/**
 * Found in a province's file, which its research engineers keep: reported in issue 21, not
 * changed here. Listed so that any new one fails.
 */
const REPORTED = new Set(['WH-2025-03-11 title']);

describe('the policy library as a clerk reads it', () => {
  it('no document number, title or article names the rule book, a section sign or a key', () => {
    const found: string[] = [];
    for (const d of documents.values())
      for (const field of ['number', 'title'] as const)
        if (DEVELOPER_WORDS.test(d[field]) && !REPORTED.has(`${d.id} ${field}`)) found.push(`${d.id} ${field}: ${d[field]}`);
    for (const { f, v } of values)
      if (v.article && DEVELOPER_WORDS.test(v.article)) found.push(`${f} ${v.region}/${v.key}/${v.effectiveFrom} article: ${v.article}`);
    expect(found).toEqual([]);
  });

  it('a national document has one grade wherever it is cited', () => {
    const grades = new Map<string, Set<string>>();
    for (const { v } of values) {
      if (v.region !== 'CN' || v.grade === 'CONV') continue;
      grades.set(v.document, (grades.get(v.document) ?? new Set()).add(v.grade));
    }
    const mixed = [...grades].filter(([, g]) => g.size > 1).map(([doc, g]) => `${doc}: ${[...g].join('/')}`);
    expect(mixed).toEqual([]);
  });

  it('a national (CN) row cites a national document or a product default, never a province’s or a city’s', () => {
    const local = values
      .filter(({ v }) => v.region === 'CN')
      .filter(({ v }) => /省|市|自治区/.test(documents.get(v.document)?.issuer ?? ''))
      .map(({ f, v }) => `${f} ${v.key}: ${documents.get(v.document)?.number}`);
    expect(local).toEqual([]);
  });

  it('Qingdao’s reading of the variable waiting period is Qingdao’s row, and elsewhere a labelled product default', () => {
    const rows = values.filter(({ v }) => v.key === 'resident.waiting.variableFreeGapYears').map(({ v }) => v);
    expect(rows.find((v) => v.region === 'CN')).toMatchObject({ grade: 'CONV', document: 'CONV-RULES' });
    expect(rows.find((v) => v.region === '370200')).toMatchObject({ grade: 'C', document: 'CN-2025-QD' });
  });
});
