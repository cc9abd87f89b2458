// Issue 12, item 7 of its list: a case file must be UTF-8 (a BOM is allowed). A file in GBK or
// GB18030 (what Windows' Notepad and Excel often write) is refused with exit 2 and a plain
// instruction, never read as garbled text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFor, tempDir, yibao } from './support.ts';

const MESSAGE = '文件不是 UTF-8 编码（可能是 GBK/GB18030），请另存为 UTF-8';

/** The case as JSON bytes with the name written in GBK (张三 = D5C5 C8FD). */
function gbkCase(): Buffer {
  const json = JSON.stringify(caseFor('@@NAME@@'));
  const [before = '', after = ''] = json.split('@@NAME@@');
  return Buffer.concat([Buffer.from(before), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(after)]);
}

describe('case file encoding (issue 12)', () => {
  it('refuses GBK/GB18030 and UTF-16 files with exit 2; reads UTF-8 with or without a BOM', () => {
    const dir = tempDir();
    const db = join(dir, 'yibao.sqlite');
    const write = (name: string, bytes: Buffer) => {
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    };
    const gbk = yibao(['assess', write('gbk.json', gbkCase()), '--db', db]);
    expect(gbk.code).toBe(2);
    expect(gbk.stderr.trim()).toBe(MESSAGE);
    expect(gbk.stdout).toBe('');

    const fromStdin = yibao(['assess', '-', '--db', db], { input: gbkCase() });
    expect(fromStdin.code).toBe(2);
    expect(fromStdin.stderr.trim()).toBe(MESSAGE);

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(caseFor('张三')), 'utf16le')]);
    const wide = yibao(['assess', write('utf16.json', utf16), '--db', db]);
    expect(wide.code).toBe(2);
    expect(wide.stderr.trim()).toBe(MESSAGE);

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(caseFor('张三')))]);
    const withBom = yibao(['assess', write('bom.json', bom), '--db', db, '--text']);
    expect(withBom.code, withBom.stderr).toBe(0);
    expect(withBom.stdout).toContain('张三');

    const sheet = yibao(['sheet', write('gbk2.json', gbkCase()), '--html', join(dir, 'x.html'), '--db', db]);
    expect(sheet.code).toBe(2);
    expect(sheet.stderr.trim()).toBe(MESSAGE);
  });
});
