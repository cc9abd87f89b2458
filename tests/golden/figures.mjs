// Before/after check for refactors: run `npx yibao assess` (JSON and --text) on every
// valid golden case, then compare two such snapshots.
//
//   node tests/golden/figures.mjs snapshot DIR     # DIR/<case>.json and DIR/<case>.txt
//   node tests/golden/figures.mjs compare OLD NEW  # exit 1 if any figure changed
//
// The comparison covers every field of the assessment JSON (explanations[].facts, added in
// issue 10, is left out so older snapshots compare) and every number of the --text summary,
// in order; a change of wording alone is counted but is not a failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const [command, a, b] = process.argv.slice(2);

if (command === 'snapshot' && a) {
  mkdirSync(a, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'yibao-figures-'));
  const db = join(work, 'policy.sqlite');
  const dir = join(root, 'tests', 'golden', 'valid');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const name = file.replace(/\.json$/, '');
    const caseFile = join(work, `${name}.case.json`);
    writeFileSync(caseFile, JSON.stringify(JSON.parse(readFileSync(join(dir, file), 'utf8')).case));
    const run = (...extra) => execFileSync('npx', ['yibao', 'assess', caseFile, '--db', db, ...extra], { cwd: root, encoding: 'utf8' });
    writeFileSync(join(a, `${name}.json`), run());
    writeFileSync(join(a, `${name}.txt`), run('--text'));
  }
  rmSync(work, { recursive: true, force: true });
} else if (command === 'compare' && a && b) {
  let json = 0;
  let textFigures = 0;
  let wording = 0;
  const names = readdirSync(a).filter((f) => f.endsWith('.json') && !f.endsWith('.case.json'));
  const strip = (assessment) => {
    for (const e of assessment.explanations ?? []) delete e.facts;
    return JSON.stringify(assessment, null, 1).split('\n');
  };
  const figures = (text) => JSON.stringify(text.match(/\d[\d,.]*/g) ?? []);
  for (const name of names) {
    const before = strip(JSON.parse(readFileSync(join(a, name), 'utf8')));
    const after = strip(JSON.parse(readFileSync(join(b, name), 'utf8')));
    const line = before.findIndex((l, i) => l !== after[i]);
    if (line >= 0 || before.length !== after.length) {
      json++;
      console.log(`${name}: the assessment differs at line ${line}:\n  - ${before[line]}\n  + ${after[line]}`);
    }
    const text = name.replace(/\.json$/, '.txt');
    const tb = readFileSync(join(a, text), 'utf8');
    const ta = readFileSync(join(b, text), 'utf8');
    if (figures(tb) !== figures(ta)) {
      textFigures++;
      console.log(`${text}: the figures of --text differ`);
    } else if (tb !== ta) wording++;
  }
  console.log(
    `${names.length} golden cases: assessment JSON differs in ${json}; --text figures differ in ${textFigures}; --text wording alone differs in ${wording}`,
  );
  process.exitCode = json || textFigures ? 1 : 0;
} else {
  console.error('usage: node tests/golden/figures.mjs snapshot DIR | compare OLD NEW');
  process.exitCode = 2;
}
