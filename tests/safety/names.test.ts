// Issue 12, item 8 of its list: a name must print exactly as it is stored. Control characters,
// bidi overrides and isolates, zero-width characters and names that are empty after trimming
// are refused with a Chinese message at 姓名; real names (rare characters outside the BMP,
// the middle dot of minority names) are accepted. The sheet template never fills in a
// placeholder inside user text: a client called "{{FONT_BASE}}" is printed literally.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { caseFor, tempDir, yibao } from './support.ts';

describe('names (issue 12)', () => {
  it('refuses invisible, control and reordering characters and blank names; accepts real names', async () => {
    const store = new Store({ file: ':memory:' });
    const api = createServices(store);
    const refused = [
      '\u202E三张 ABC', // right-to-left override: prints "CBA 张三"
      '张\u2066三\u2069', // isolates
      '张\u200E三', // left-to-right mark
      '\u200B', // zero-width space only
      '张\u200D三', // zero-width joiner
      '\uFEFF张三', // zero-width no-break space (BOM)
      '张\u2060三', // word joiner
      '张\u0085三', // C1 control (next line)
      '张\u0007三', // C0 control (bell)
      ' \u3000 ', // blank: ASCII and ideographic spaces
    ];
    for (const name of refused) {
      const result = await api.assess(caseFor(name));
      const nameErrors = result.ok && !result.value.valid ? result.value.errors.filter((e) => e.path === 'person.name') : [];
      expect(nameErrors.length, JSON.stringify(name)).toBeGreaterThan(0);
      for (const e of nameErrors) expect(e.message).toMatch(/姓名/);
      const saved = await api.saveCase({ caseFile: caseFor(name) });
      expect(saved.ok, JSON.stringify(name)).toBe(false);
    }
    for (const name of ['张三', '阿依古丽·买买提', '𠀀明', 'Zhang San', '{{FONT_BASE}}']) {
      const result = await api.assess(caseFor(name));
      expect(result.ok && result.value.valid, name).toBe(true);
    }
    store.close();
  });

  it('prints "{{FONT_BASE}}" literally in the HTML and in the PDF', () => {
    const dir = tempDir();
    const caseFile = join(dir, 'case.json');
    writeFileSync(caseFile, JSON.stringify(caseFor('{{FONT_BASE}}')));
    const html = join(dir, 'sheet.html');
    const pdf = join(dir, 'sheet.pdf');
    const r = yibao(['sheet', caseFile, '--html', html, '--out', pdf, '--db', join(dir, 'yibao.sqlite')]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('<td>{{FONT_BASE}}</td>');
    // The font URL itself was filled in (the head), so the sheet still uses the bundled font.
    expect(text).toMatch(/url\('file:\/\/\/.*DroidSansFallbackFull\.ttf'\)/);
    expect(existsSync(pdf)).toBe(true);
    const pdfText = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(pdfText).toContain('{{FONT_BASE}}');
    expect(pdfText).not.toContain('file://');
  });
});
