// What every `yibao` command shares: parsed arguments, the two kinds of failure the
// command line reports specially, and opening the store.
import { defaultDatabasePath } from '../store/paths.ts';
import { Store } from '../store/store.ts';

export interface Args {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

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

/** The database of --db, else the one shared with the desktop program. */
export function openStore(args: Args): Promise<Store> {
  return Store.open({ file: args.options.get('--db') ?? defaultDatabasePath() });
}
