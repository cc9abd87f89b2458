// What every `yibao` command shares: the command line parsed with node:util's parseArgs,
// the two kinds of failure the command line reports specially, and opening the store.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDatabasePath } from '../store/paths.ts';
import { Store } from '../store/store.ts';

/** Every option of every command (docs/case-format.md §3 and `yibao policy`). */
const OPTIONS = {
  db: { type: 'string' },
  out: { type: 'string' },
  html: { type: 'string' },
  region: { type: 'string' },
  key: { type: 'string' },
  by: { type: 'string' },
  pin: { type: 'string' },
  actor: { type: 'string' },
  name: { type: 'string' },
  new: { type: 'string' },
  current: { type: 'string' },
  reason: { type: 'string' },
  'as-of': { type: 'string' },
  within: { type: 'string' },
  csv: { type: 'string' },
  text: { type: 'boolean' },
  expiring: { type: 'boolean' },
  conflicts: { type: 'boolean' },
  'keep-mine': { type: 'boolean' },
  'take-release': { type: 'boolean' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
  verify: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export type OptionName = keyof typeof OPTIONS;

export interface Args {
  positional: string[];
  values: ReturnType<typeof parseStrict>['values'];
}

const parseStrict = (args: string[]) => parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });

/** A wrong command line: the message, then the usage text; exit 1. */
export class UsageError extends Error {}

/** A bad case file or policy pack: one Chinese line per problem on stderr; exit 2. */
export class BadInput extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

const isOption = (name: string): name is OptionName => Object.hasOwn(OPTIONS, name);

/**
 * The command line. A first, lenient pass reads it token by token so that each mistake is
 * told in Chinese with the option as typed; the strict pass then gives the typed values.
 */
export function parseCommandLine(argv: string[]): Args {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!isOption(token.name)) throw new UsageError(`未知选项 ${token.rawName}`);
    const takesValue = OPTIONS[token.name].type === 'string';
    // "--db --text": the value is missing, not "--text" (a value starting with "-" is written --db=-x).
    if (takesValue && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))))
      throw new UsageError(`${token.rawName} 需要一个参数`);
    if (!takesValue && token.value !== undefined) throw new UsageError(`${token.rawName} 不接受参数`);
  }
  const { values, positionals } = parseStrict(argv);
  return { positional: positionals, values };
}

/** The database of --db, else the one shared with the desktop program. */
export function openStore(args: Args): Promise<Store> {
  return Store.open({ file: args.values.db ?? defaultDatabasePath() });
}
