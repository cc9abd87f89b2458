// Case searches in a thread of their own (issue 14): on a database file the search runs in the
// search thread, so a save asked for after it is finished first (the order of completion, not a
// time); the thread finds exactly what a search in the calling thread finds, sees every save and
// deletion at once, and after a restore searches the restored file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/core/case.ts';
import { searchCases } from '../../src/store/case-search.ts';
import { Store } from '../../src/store/store.ts';

const example = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'example-case.json'), 'utf8')) as CaseFile;
const named = (name: string): CaseFile => ({ ...example, person: { ...example.person, name, idNumber: null } });

describe('case searches on a database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-search-thread-'));
  let store: Store;
  beforeAll(async () => {
    store = new Store({ file: join(dir, 'yibao.sqlite') });
    for (const name of ['欧阳修远', '王芳', '王芳华', '李王芳', 'Zhang Wei']) await store.cases.save(named(name));
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const names = async (text: string) => (await store.cases.list({ text })).map((c) => c.personName);

  it('run in the search thread, which finds what a search here finds', async () => {
    for (const text of ['王芳', '芳', 'zhang', '阳修远', '李']) {
      const here = searchCases(store.db, text, 50).map((r) => r.person_name);
      expect(await names(text), text).toEqual(here);
      expect(store.cases.lastSearchIn).toBe('thread');
    }
    expect(await names('王芳')).toEqual(['李王芳', '王芳华', '王芳']);
  });

  it('a save asked for while a search runs is finished first', async () => {
    const order: string[] = [];
    const search = store.cases.list({ text: '王' }).then(() => order.push('search'));
    const save = store.cases.save(named('赵六')).then(() => order.push('save'));
    await Promise.all([search, save]);
    expect(order).toEqual(['save', 'search']);
  });

  it('sees every save and deletion at once', async () => {
    const saved = await store.cases.save(named('诸葛亮'));
    expect(await names('葛亮')).toEqual(['诸葛亮']);
    await store.cases.save(named('司马懿'), saved!.id);
    expect(await names('葛亮')).toEqual([]);
    await store.cases.delete(saved!.id);
    expect(await names('马懿')).toEqual([]);
  });

  it('after a restore, searches the restored file', async () => {
    const backup = await store.backups.backup('manual');
    await store.cases.save(named('孙权'));
    expect(await names('孙权')).toEqual(['孙权']);
    await store.backups.restore(backup!.name);
    expect(await names('孙权')).toEqual([]);
    expect(await names('欧阳')).toEqual(['欧阳修远']);
    expect(store.cases.lastSearchIn).toBe('thread');
  });
});
