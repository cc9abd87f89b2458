// A "next release" of the shipped policy library for upgrade tests: a copy of db/ whose seed
// corrects, closes, adds and withdraws rows and corrects a document, as a maintainer would
// (docs/policy-library.md). The copy lives in a temporary folder.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateAssets } from '../../src/store/paths.ts';

type SeedFile = { documents: Array<Record<string, unknown>>; values: Array<Record<string, unknown>> };

/** db/ copied to a new folder, its seed files changed by `change`, its release version set. */
export function releaseAssets(
  version: string,
  change: (files: Map<string, SeedFile>) => void = () => undefined,
  /** Changelog entries to add (db/seed/changes/), by file name. */
  notes: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), `yibao-release-${version}-`));
  cpSync(locateAssets(), dir, { recursive: true });
  const policyDir = join(dir, 'seed', 'policy');
  const files = new Map(
    readdirSync(policyDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(policyDir, f), 'utf8')) as SeedFile]),
  );
  change(files);
  for (const [f, seed] of files) writeFileSync(join(policyDir, f), `${JSON.stringify(seed, null, 2)}\n`);
  writeFileSync(join(dir, 'seed', 'release.json'), `${JSON.stringify({ version })}\n`);
  mkdirSync(join(dir, 'seed', 'changes'), { recursive: true });
  for (const [name, entry] of Object.entries(notes))
    writeFileSync(join(dir, 'seed', 'changes', name), `${JSON.stringify(entry, null, 2)}\n`);
  return dir;
}

const same = (region: string, key: string, from: string) => (v: Record<string, unknown>) =>
  v.region === region && v.key === key && v.effectiveFrom === from;

/** The rows and documents the next release (0.2.0) changes, as the tests check them. */
export const NEXT = {
  closed: '310000/flexible.rate/2024-03-01',
  added: '310000/flexible.rate/2028-01-01',
  corrected: '320100/flexible.rate/2023-04-01',
  recited: '320100/lifetime.requiredMonths.male/2012-05-15',
  withdrawn: '310000/lifetime.requiredMonths.female/2013-12-01',
  document: 'NJ-2023-04-11',
  newDocument: 'SH-TEST-2027',
  /** The changelog entry (db/seed/changes/) this release adds for its changes. */
  note: '2027-12-01-shanghai-flexible-2028',
} as const;

/** 0.2.0: Shanghai's flexible rate closed at the end of 2027 and 9.5% from 2028; Nanjing's flexible rate corrected to 7.5%; … */
export function nextRelease(): string {
  return releaseAssets(
    '0.2.0',
    (files) => {
      const sh = files.get('310000-shanghai.json');
      const nj = files.get('320000-jiangsu-nanjing.json');
      if (!sh || !nj) throw new Error('seed files moved');
      const rate = sh.values.find(same('310000', 'flexible.rate', '2024-03-01'));
      if (!rate) throw new Error('310000 flexible.rate 2024-03-01 missing');
      rate.effectiveTo = '2027-12-31';
      sh.documents.push({
        id: NEXT.newDocument,
        number: '沪医保规〔2027〕99号（测试）',
        title: '关于调整本市灵活就业人员职工医保缴费费率的通知（测试）',
        issuer: '上海市医疗保障局',
        url: 'https://ybj.sh.gov.cn/test-2027-99',
        effectiveFrom: '2028-01-01',
        effectiveTo: null,
        kind: 'law',
      });
      sh.values.push({
        region: '310000',
        key: 'flexible.rate',
        value: 0.095,
        effectiveFrom: '2028-01-01',
        effectiveTo: null,
        document: NEXT.newDocument,
        article: '第二条',
        url: null,
        grade: 'V',
        lastReviewed: '2027-12-01',
        note: null,
      });
      sh.values = sh.values.filter((v) => !same('310000', 'lifetime.requiredMonths.female', '2013-12-01')(v));
      const njRate = nj.values.find(same('320100', 'flexible.rate', '2023-04-01'));
      const njMale = nj.values.find(same('320100', 'lifetime.requiredMonths.male', '2012-05-15'));
      const njDoc = nj.documents.find((d) => d.id === NEXT.document);
      if (!njRate || !njMale || !njDoc) throw new Error('Nanjing rows moved');
      njRate.value = 0.075;
      njMale.grade = 'D';
      njDoc.title = `${String(njDoc.title)}（标题更正）`;
    },
    {
      [`${NEXT.note}.json`]: {
        date: '2027-12-01',
        regions: ['310000'],
        keys: ['flexible.rate'],
        documents: [NEXT.newDocument],
        why: '上海灵活就业费率自 2028 年起 9.5%（测试）。',
      },
    },
  );
}
