// A process that takes sheet numbers as fast as it can, for the sheet-number test: each number
// is printed only after its transaction has returned. The test kills it at random moments.
import { localTimestamp } from '../../src/services/clock.ts';
import { Store } from '../../src/store/store.ts';

const [file = '', counter = '3'] = process.argv.slice(2);
const store = new Store({ file });
process.stdout.write('ready\n');
for (;;) {
  const row = await store.sheets.create({
    caseId: null,
    idNumber: null,
    issuedAt: localTimestamp(),
    clerk: '进程测试',
    counter,
    make: (number) => ({ snapshot: { number }, html: `<p>${number}</p>`, contentHash: '0'.repeat(64) }),
  });
  process.stdout.write(`${row.number}\n`);
}
