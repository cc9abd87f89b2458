// The sheet as one static HTML document, rendered server-side from the Svelte component.
// The stored ("canonical") HTML keeps a {{FONT_BASE}} placeholder; its SHA-256 is the
// content hash recorded with every print, so a reprint can be proven identical.
import { createHash } from 'node:crypto';
import qrcode from 'qrcode-generator';
import { render } from 'svelte/server';
import Sheet from './Sheet.svelte';
import { FONT_BASE_PLACEHOLDER } from '../core/font-base.ts';
import { snapshotDigest, verificationCode } from '../core/sheet-code.ts';
import { SHEET_CSS } from './sheet-css.ts';
import type { SheetData } from './sheet-data.ts';

export { FONT_BASE_PLACEHOLDER, withFontBase } from '../core/font-base.ts';

function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** What a numbered sheet prints so any counter can verify it: the 核验码 and its QR code. */
export interface SheetVerification {
  code: string;
  /** The QR code's modules as one SVG path (a unit square per dark module). */
  qr: { size: number; path: string };
}

/** The 核验码 of a numbered sheet and its QR code; none for an unnumbered preview. */
export function sheetVerification(data: SheetData): SheetVerification | null {
  if (!data.number) return null;
  const code = verificationCode(data.number, snapshotDigest(data));
  // Digits, capitals and '-' only: alphanumeric mode keeps the code small (version 2, 25×25).
  const qr = qrcode(0, 'M');
  qr.addData(code, 'Alphanumeric');
  qr.make();
  const size = qr.getModuleCount();
  let path = '';
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) if (qr.isDark(row, col)) path += `M${col} ${row}h1v1h-1z`;
  return { code, qr: { size, path } };
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
