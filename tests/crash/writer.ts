// A writing process for the crash-safety test: saves cases and drafts as fast as it can.
// After each commit returns, it appends what it committed to a journal with a synchronous
// write (which reaches the kernel, so it survives the process being killed).
import { appendFileSync } from 'node:fs';
import { Store } from '../../src/store/store.ts';

const [dbFile, journal, seed] = process.argv.slice(2) as [string, string, string];
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
  const name = `写入测试-${seed}-${i}`;
  const saved = await store.cases.save({ ...example, person: { ...example.person, name } } as never);
  if (!saved) throw new Error('save returned no case');
  const { id } = saved;
  appendFileSync(journal, `case ${id}\n`);
  await store.drafts.save(id, { person: { name }, counter: i, padding: 'x'.repeat(2000 + (i % 7) * 300) });
  appendFileSync(journal, `draft ${i}\n`);
}
