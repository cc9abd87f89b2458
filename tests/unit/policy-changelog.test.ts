// The policy library's changelog (db/seed/changes/, docs/rules.md §9): every entry is checked with
// the seed — a known region, keys of the vocabulary, documents the seed carries, a file named by
// its date — and a defect stops the seeding like any other seed defect.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { newEntries, rowsWithoutNote, type ChangeEntry } from '../../src/core/policy/changelog.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { readSeed, SeedError } from '../../src/store/release.ts';
import { releaseAssets } from '../support/release-fixture.ts';

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

const good = { date: '2027-01-05', regions: ['310000'], keys: ['flexible.rate'], documents: ['SH-2023-5'], why: '测试' };
const withNote = (name: string, entry: unknown) => {
  const dir = releaseAssets('0.1.0', () => undefined, { [name]: entry });
  temp.push(dir);
  return dir;
};

describe('the seed check reads the changelog', () => {
  it('the shipped changelog passes it, oldest first, each entry named by its file', () => {
    const seed = readSeed(locateAssets());
    expect(seed.changes.length).toBeGreaterThan(10);
    expect(seed.changes[0]?.id).toBe('2026-11-22-initial-library');
    expect(seed.changes.map((c) => c.id)).toEqual(seed.changes.map((c) => c.id).sort());
  });

  it('a good entry is read with its id', () => {
    const seed = readSeed(withNote('2027-01-05-shanghai-test.json', good));
    expect(seed.changes.find((c) => c.id === '2027-01-05-shanghai-test')).toMatchObject(good);
  });

  it.each([
    ['an unknown region', { ...good, regions: ['999999'] }, '地区 999999 不在地区表中'],
    ['a key outside the vocabulary', { ...good, keys: ['flexible.rate.typo'] }, '未知的政策参数键 "flexible.rate.typo"'],
    [
      'a document the seed does not carry',
      { ...good, documents: ['NO-SUCH-DOC'] },
      '文件 NO-SUCH-DOC 不在内置政策库中，也没有更新说明撤回它',
    ],
    ['a withdrawn document still in the seed', { ...good, withdrawnDocuments: ['SH-2023-5'] }, '撤回的文件 SH-2023-5 仍在内置政策库中'],
    ['no why', { ...good, why: '' }, '说明不能为空'],
    ['no keys', { ...good, keys: [] }, '参数键至少一项'],
    ['an unknown field', { ...good, reason: 'x' }, ''],
  ])('refuses %s, naming the file', (_what, entry, message) => {
    const dir = withNote('2027-01-05-shanghai-test.json', entry);
    expect(() => readSeed(dir)).toThrow(SeedError);
    expect(() => readSeed(dir)).toThrow(/更新说明 .*2027-01-05-shanghai-test\.json/);
    if (message) expect(() => readSeed(dir)).toThrow(message);
  });

  it('an older entry may name a document a later entry withdrew', () => {
    const dir = releaseAssets('0.1.0', () => undefined, {
      '2027-01-05-shanghai-test.json': { ...good, documents: ['SH-GONE'] },
      '2027-02-01-shanghai-withdrawn.json': { ...good, date: '2027-02-01', documents: [], withdrawnDocuments: ['SH-GONE'] },
    });
    temp.push(dir);
    expect(readSeed(dir).changes.find((c) => c.id === '2027-02-01-shanghai-withdrawn')?.withdrawnDocuments).toEqual(['SH-GONE']);
  });

  it('refuses a file whose name does not start with its date', () => {
    expect(() => readSeed(withNote('2027-01-06-shanghai-test.json', good))).toThrow('文件名的日期 2027-01-06 与 date 2027-01-05 不一致');
    expect(() => readSeed(withNote('shanghai-test.json', good))).toThrow('文件名应为“日期-简述.json”');
  });
});

describe('what a release brings, and what no note speaks for', () => {
  const entry = (id: string, regions: string[], keys: string[]): ChangeEntry => ({
    id,
    date: id.slice(0, 10),
    regions,
    keys,
    documents: [],
    why: id,
  });
  const entries = [entry('2026-01-01-a', ['CN'], ['lateFee.dailyRate']), entry('2026-02-01-b', ['310000', '320100'], ['flexible.rate'])];

  it('the entries the library had not seen; without a record, those speaking for a row the release changed', () => {
    expect(newEntries(entries, new Set(['2026-01-01-a']), []).map((e) => e.id)).toEqual(['2026-02-01-b']);
    expect(newEntries(entries, null, ['320100/flexible.rate/2023-04-01']).map((e) => e.id)).toEqual(['2026-02-01-b']);
    expect(newEntries(entries, null, ['110000/base.min/2025-07-01'])).toEqual([]);
  });

  it('a row is spoken for when one entry names both its region and its key', () => {
    expect(
      rowsWithoutNote(
        [
          { region: 'CN', key: 'lateFee.dailyRate' },
          { region: '320100', key: 'flexible.rate' },
          { region: 'CN', key: 'flexible.rate' },
          { region: '310000', key: 'base.min' },
          { region: '310000', key: 'base.min' },
        ],
        entries,
      ),
    ).toEqual(['310000/base.min', 'CN/flexible.rate']);
  });
});
