// A writing process for the crash-safety test: saves cases and drafts as fast as it can.
// After each commit returns, it appends what it committed to a journal with a synchronous
// write (which reaches the kernel, so it survives the process being killed). It writes for as
// long as the test that started it lives: once its parent is gone (the test's worker killed at a
// timeout, the run stopped) it is an orphan, and it exits rather than write on for ever.
import { appendFileSync } from 'node:fs';
import { Store } from '../../src/store/store.ts';

// The parent's pid comes as an argument: had the parent died while this process was still
// loading, process.ppid read here would already be init's.
const [dbFile, journal, seed, parentPid] = process.argv.slice(2) as [string, string, string, string];
const parent = Number(parentPid);
if (process.ppid !== parent) process.exit(0);
const store = new Store({ file: dbFile });
const example = {
  format: 'yibao-case/1',
  asOf: '2026-11-22',
  region: '320100',
  person: { name: '写入测试', idNumber: '320102197608150010', sex: 'male', birth: '1976-08', retirementCategory: 'male' },
  history: [{ from: '2010-07', to: '2026-07', scheme: 'employee', status: 'paid', base: 8000 }],
  request: { scheme: 'employee', paymentDate: '2026-11-25' },
} as const;
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  // process.ppid is read afresh each time: an orphan is adopted by init or a subreaper.
  if (process.ppid !== parent) process.exit(0);
  const name = `写入测试-${seed}-${i}`;
  const saved = await store.cases.save({ ...example, person: { ...example.person, name } } as never);
  if (!saved) throw new Error('save returned no case');
  const { id } = saved;
  appendFileSync(journal, `case ${id}\n`);
  await store.drafts.save(id, { person: { name }, counter: i, padding: 'x'.repeat(2000 + (i % 7) * 300) });
  appendFileSync(journal, `draft ${i}\n`);
}
