// Issue 12: the window opens case files as the command line does — UTF-8 only. A file saved
// in GBK/GB18030 is refused with the same instruction, never shown with a garbled name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, root, test } from './support.ts';

test('a case file in GBK is refused in the window with the instruction to save it as UTF-8', async ({ page }) => {
  await openApp(page);
  const json = readFileSync(join(root, 'examples', 'example-case.json'), 'utf8');
  const [before = '', after = ''] = json.split('张三');
  // 张三 in GBK: D5C5 C8FD.
  const gbk = Buffer.concat([Buffer.from(before), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(after)]);
  await page.keyboard.press('F3');
  await page.getByTestId('open-case-file').setInputFiles({ name: '张三.json', mimeType: 'application/json', buffer: gbk });
  await expect(page.getByText('无法打开 张三.json：文件不是 UTF-8 编码（可能是 GBK/GB18030），请另存为 UTF-8')).toBeVisible();
  // The same file in UTF-8 (with a BOM) opens.
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]);
  await page.getByTestId('open-case-file').setInputFiles({ name: '张三.json', mimeType: 'application/json', buffer: bom });
  await expect(page.locator('#person-name')).toHaveValue('张三');
});
