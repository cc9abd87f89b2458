// `npm run test:any-day`: the whole `npm test`, run with the machine's clock moved by Debian's
// `faketime` (libfaketime) to other days — 2027-03-15 10:00 and 2028-02-29 23:30 (a leap day,
// late evening), both Beijing time — so a test that reads the machine's date shows itself. Every
// process of the run starts from the moved clock: Node (Vitest, Playwright, the servers) and the
// Chromium Playwright drives (libfaketime is preloaded into all of them; the clock runs on from
// the moved time). Not the throwaway PostgreSQL clusters: under libfaketime PostgreSQL's timeouts
// never fire, so tests/support/pg-cluster.ts starts them on the real clock (postgresEnv). The time zone stays the machine's;
// the moment is given with its offset (+0800). Not part of `npm test`; needs `apt-get install
// faketime`.
//   npm run test:any-day [-- 2027-03-15T10:00 …]   (other moments, Beijing time)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const moments = process.argv.slice(2).length ? process.argv.slice(2) : ['2027-03-15T10:00', '2028-02-29T23:30'];
const faketime = ['/usr/bin/faketime', '/usr/local/bin/faketime'].find((p) => existsSync(p));
if (!faketime) {
  console.error('✗ faketime not found. Install it with:\n    sudo apt-get install -y faketime\n  then run npm run test:any-day again.');
  process.exit(1);
}

const results = [];
for (const moment of moments) {
  // faketime reads the moment with `date -d`: "2028-02-29 23:30:00 +0800" is that instant in Beijing.
  const stamp = `${moment.replace('T', ' ')}:00 +0800`;
  console.log(`\n▶▶ npm test with the clock at ${stamp} (faketime)`);
  const r = spawnSync(faketime, [stamp, process.execPath, join(root, 'scripts', 'test.mjs')], { cwd: root, stdio: 'inherit' });
  results.push({ stamp, ok: r.status === 0 });
}
console.log('');
for (const { stamp, ok } of results) console.log(`test:any-day ${stamp}: ${ok ? 'passed' : 'FAILED'}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
