// Runs Doyensec's electronegativity on the Electron shell's built main and preload, and
// fails on any finding of severity HIGH or MEDIUM that is not listed, with its reason, in
// electronegativity-exclusions.json. (electronegativity itself exits 0 whatever it finds.)
//
// The full bundles (dependencies included) are beyond electronegativity's parser, so the
// shell's own code is built separately to ES2018 JavaScript for the scan: exactly the main
// and preload we write, as JavaScript. The tool's online checks (Electron release data)
// cannot reach the network here and are skipped; the Electron version is given explicitly.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '.tmp', 'electronegativity');
const input = join(dir, 'input');
rmSync(dir, { recursive: true, force: true });
mkdirSync(input, { recursive: true });
for (const name of ['main', 'preload', 'security']) {
  await build({
    entryPoints: [join(root, 'electron', `${name}.ts`)],
    outfile: join(input, `${name}.js`),
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'es2018',
    logLevel: 'warning',
  });
}
const html = [join(root, 'dist', 'renderer', 'index.html'), join(root, 'src', 'ui', 'index.html')].find((f) => existsSync(f));
copyFileSync(html, join(input, 'index.html'));

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const report = join(dir, 'report.csv');
const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const r = spawnSync(
  process.execPath,
  [bin, '-i', input, '-o', report, '-r', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck'],
  { encoding: 'utf8', timeout: 120_000 },
);
if (!existsSync(report)) {
  console.error(`electronegativity wrote no report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(text) {
  const records = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell.trim());
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.trim());
      records.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) records.push([...row, cell.trim()]);
  return records
    .slice(1)
    .filter((r) => r.length >= 5)
    .map((c) => ({ issue: c[0], severity: c[1], confidence: c[2], file: c[3], location: c[4], sample: c[5] }));
}

const findings = parseCsv(readFileSync(report, 'utf8'));
const { exclusions } = JSON.parse(readFileSync(join(root, 'electronegativity-exclusions.json'), 'utf8'));
const excluded = (f) => exclusions.some((e) => e.issue === f.issue && (!e.file || e.file === f.file));
let failing = 0;
console.log(`electronegativity ${electronVersion ? `(Electron ${electronVersion})` : ''}: ${findings.length} finding(s)`);
for (const f of findings) {
  const serious = f.severity === 'HIGH' || f.severity === 'MEDIUM';
  const status = !serious ? 'ok (low)' : excluded(f) ? 'accepted (see exclusions)' : 'FAIL';
  if (status === 'FAIL') failing++;
  console.log(`  ${status.padEnd(26)} ${f.severity.padEnd(6)} ${f.issue} ${f.file}:${f.location}`);
}
if (failing) {
  console.error(`\n✗ ${failing} HIGH/MEDIUM finding(s) not accepted in electronegativity-exclusions.json`);
  process.exit(1);
}
console.log('✓ no unaccepted HIGH or MEDIUM findings');
