// Every shipped row has its note (docs/rules.md §9): a change to db/seed/policy/ comes with an entry
// in db/seed/changes/ naming its region and key, so a release can say what it brings and why.
import { describe, expect, it } from 'vitest';
import { rowsWithoutNote } from '../../src/core/policy/changelog.ts';
import { locateAssets } from '../../src/store/paths.ts';
import { readSeed } from '../../src/store/release.ts';

describe('the policy library changelog', () => {
  it('speaks for every shipped row (its region and key)', () => {
    const seed = readSeed(locateAssets());
    expect(rowsWithoutNote(seed.rows, seed.changes), 'add a note in db/seed/changes/ for these region/key pairs').toEqual([]);
  });
});
