// The sheet as one static HTML document, rendered server-side from the Svelte component.
// The stored ("canonical") HTML keeps a {{FONT_BASE}} placeholder; its SHA-256 is the
// content hash recorded with every print, so a reprint can be proven identical.
import { createHash } from 'node:crypto';
import { render } from 'svelte/server';
import Sheet from './Sheet.svelte';
import { FONT_BASE_PLACEHOLDER } from '../core/font-base.ts';
import { SHEET_CSS } from './sheet-css.ts';
import { sheetVerification } from './verification.ts';
import type { SheetData } from './sheet-data.ts';

export { FONT_BASE_PLACEHOLDER, withFontBase } from '../core/font-base.ts';

function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

export function renderSheetHtml(data: SheetData): { html: string; contentHash: string } {
  const rendered = render(Sheet, { props: { data, verification: sheetVerification(data) } });
  // A dev build injects CSS source maps with the machine's file paths: the handed-out HTML
  // (and so its hash) must not depend on where the program is installed.
  const head = rendered.head.replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  const body = rendered.body;
  const html =
    `<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src ${FONT_BASE_PLACEHOLDER} data: file: app: http://127.0.0.1:*; img-src data:">\n` +
    `<title>补缴及待遇恢复告知单 ${escapeHtml(data.number)}</title>\n<style>${SHEET_CSS}</style>\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
  return { html, contentHash: createHash('sha256').update(html).digest('hex') };
}
