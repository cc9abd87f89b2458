// The command line's arguments (node:util parseArgs): the options of §3 and `yibao policy`,
// and a Chinese message naming the option as typed for every mistake (exit 1 with usage).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/cli/args.ts';

const root = join(import.meta.dirname, '..', '..');

describe('yibao arguments', () => {
  it('reads positionals, value options (also --name=value) and flags in any order', () => {
    expect(parseCommandLine(['assess', 'case.json', '--text', '--db', 'x.sqlite'])).toEqual({
      positional: ['assess', 'case.json'],
      values: { text: true, db: 'x.sqlite' },
    });
    expect(parseCommandLine(['sheet', '-', '--out=a.pdf'])).toEqual({ positional: ['sheet', '-'], values: { out: 'a.pdf' } });
    expect(parseCommandLine(['policy', 'pin', '--new', '2468', '--current', '1357']).values).toEqual({ new: '2468', current: '1357' });
  });

  it('names the option in Chinese for an unknown option, a missing value, or a value given to a flag', () => {
    const message = (argv: string[]) => {
      try {
        parseCommandLine(argv);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
    };
    expect(message(['assess', 'a.json', '--frob'])).toBe('未知选项 --frob');
    expect(message(['assess', 'a.json', '--db'])).toBe('--db 需要一个参数');
    expect(message(['assess', 'a.json', '--db', '--text'])).toBe('--db 需要一个参数');
    expect(message(['assess', 'a.json', '--text=yes'])).toBe('--text 不接受参数');
  });

  it('a wrong command line exits 1 with the message and the usage, no stack trace', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), 'assess', 'a.json', '--frob'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^yibao: 未知选项 --frob\n\n用法：/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
