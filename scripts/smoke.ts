import { Store } from '../src/store/store.ts';
import { validateCase } from '../src/core/validate.ts';
import { assess } from '../src/core/engine/assess.ts';
import { readFileSync } from 'node:fs';
const store = new Store({ file: ':memory:' });
console.log(store.seedReport);
const input = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const v = validateCase(input, store.regions());
if (!v.ok) {
  console.log(v.errors);
  process.exit(2);
}
const a = assess(v.value, { policies: store.policies(), regions: store.regions() });
console.log(JSON.stringify(a, null, 1));
