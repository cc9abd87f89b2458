// The policy library's own changelog (docs/rules.md §9): one small file per change to the shipped
// seed (db/seed/changes/YYYY-MM-DD-slug.json) saying when, which regions and keys, which documents
// and why. The seed check refuses an entry that names an unknown region, a key outside the
// vocabulary or a document the seed does not carry; a release's notes are the entries a library
// had not seen before (store/release.ts), shown by `yibao policy release` and on 政策库.
import * as v from 'valibot';
import { isPolicyKey } from './keys.ts';
import { IsoDate } from './row.ts';

const shown = (input: unknown) => JSON.stringify(input) ?? String(input);

/** A change entry's file name: its date, then a slug (`2026-12-07-national-sources.json`). */
export const CHANGE_FILE = /^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.json$/;

const nonEmptyList = <T extends v.GenericSchema>(item: T, what: string) =>
  v.pipe(
    v.array(item, `${what}应为数组`),
    v.minLength(1, `${what}至少一项`),
    v.check((list) => new Set(list).size === list.length, `${what}不能重复`),
  );

/** One entry as written in db/seed/changes/ (the id is its file name). */
export const ChangeEntrySchema = v.strictObject(
  {
    /** The day the seed changed (the commit that made the change). */
    date: IsoDate,
    /** Regions whose rows the change touched ("CN" for the national rows). */
    regions: nonEmptyList(v.pipe(v.string('地区应为文本'), v.regex(/^(CN|\d{6})$/, '地区应为 CN 或 6 位区划代码')), '地区'),
    /** Keys of the vocabulary (src/core/policy/keys.ts) the change touched. */
    keys: nonEmptyList(
      v.pipe(
        v.string('参数键应为文本'),
        v.check(
          (k) => isPolicyKey(k),
          (i) => `未知的政策参数键 ${shown(i.input)}`,
        ),
      ),
      '参数键',
    ),
    /** Ids of the seed's documents the change cites (empty when it only withdrew rows). */
    documents: v.pipe(
      v.array(v.pipe(v.string('文件编号应为文本'), v.minLength(1, '文件编号不能为空')), '文件应为数组'),
      v.check((list) => new Set(list).size === list.length, '文件不能重复'),
    ),
    /** Ids of documents this change took out of the seed (an older entry may still name them). */
    withdrawnDocuments: v.optional(
      v.pipe(
        v.array(v.pipe(v.string('文件编号应为文本'), v.minLength(1, '文件编号不能为空')), '撤回的文件应为数组'),
        v.check((list) => new Set(list).size === list.length, '撤回的文件不能重复'),
      ),
    ),
    /** Why, in plain Chinese: what changed and on what evidence. */
    why: v.pipe(v.string('说明应为文本'), v.minLength(1, '说明不能为空'), v.maxLength(2000, '说明不能超过 2000 个字')),
  },
  '更新说明应为 {"date","regions","keys","documents","why"}（可加 "withdrawnDocuments"）',
);

export interface ChangeEntry extends v.InferOutput<typeof ChangeEntrySchema> {
  /** The file name without ".json". */
  id: string;
}

/** What a release's notes show of an entry: the documents resolved to their number and title. */
export interface ReleaseNote {
  id: string;
  date: string;
  regions: string[];
  keys: string[];
  documents: Array<{ id: string; number: string; title: string }>;
  why: string;
}

/**
 * The problems of one entry against the seed it ships with, in Chinese: a file name that does not
 * start with the entry's date, a region not in the region table, a document neither in the seed
 * nor withdrawn by an entry, a withdrawn document still in the seed. (Keys and shapes are checked
 * by the schema.)
 */
export function changeEntryProblems(
  file: string,
  entry: v.InferOutput<typeof ChangeEntrySchema>,
  known: { regions: ReadonlySet<string>; documents: ReadonlySet<string>; withdrawn: ReadonlySet<string> },
): string[] {
  const problems: string[] = [];
  const named = CHANGE_FILE.exec(file);
  if (!named) problems.push(`文件名应为“日期-简述.json”（如 2026-12-07-national-sources.json）`);
  else if (named[1] !== entry.date) problems.push(`文件名的日期 ${named[1]} 与 date ${entry.date} 不一致`);
  for (const r of entry.regions) if (r !== 'CN' && !known.regions.has(r)) problems.push(`地区 ${r} 不在地区表中`);
  for (const d of entry.documents)
    if (!known.documents.has(d) && !known.withdrawn.has(d)) problems.push(`文件 ${d} 不在内置政策库中，也没有更新说明撤回它`);
  for (const d of entry.withdrawnDocuments ?? []) if (known.documents.has(d)) problems.push(`撤回的文件 ${d} 仍在内置政策库中`);
  return problems;
}

/** Whether an entry speaks for a row: its region and its key are both named. */
export const covers = (entry: Pick<ChangeEntry, 'regions' | 'keys'>, row: { region: string; key: string }): boolean =>
  entry.regions.includes(row.region) && entry.keys.includes(row.key);

/** Rows (region/key, once each) that no entry speaks for: a seed change without its note. */
export function rowsWithoutNote(
  rows: ReadonlyArray<{ region: string; key: string }>,
  entries: ReadonlyArray<Pick<ChangeEntry, 'regions' | 'keys'>>,
): string[] {
  const missing = new Set<string>();
  for (const row of rows) if (!entries.some((e) => covers(e, row))) missing.add(`${row.region}/${row.key}`);
  return [...missing].sort();
}

/**
 * The entries a release brings to a library: those it had not recorded before. A library that
 * recorded none (it predates the changelog) gets the entries that speak for a row the release
 * changed (row ids "region/key/from").
 */
export function newEntries(
  entries: readonly ChangeEntry[],
  seen: ReadonlySet<string> | null,
  changedRows: readonly string[],
): ChangeEntry[] {
  if (seen) return entries.filter((e) => !seen.has(e.id));
  const rows = changedRows.map((id) => {
    const [region = '', key = ''] = id.split('/');
    return { region, key };
  });
  return entries.filter((e) => rows.some((r) => covers(e, r)));
}

/** Entries as a release's notes, newest first, their documents resolved (an unknown id is left out). */
export function releaseNotes(
  entries: readonly ChangeEntry[],
  documents: ReadonlyMap<string, { number: string; title: string }>,
): ReleaseNote[] {
  return [...entries]
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((e) => ({
      id: e.id,
      date: e.date,
      regions: [...e.regions],
      keys: [...e.keys],
      documents: e.documents.flatMap((id) => {
        const d = documents.get(id);
        return d ? [{ id, number: d.number, title: d.title }] : [];
      }),
      why: e.why,
    }));
}
