// The 核验码 and QR code a numbered sheet prints (the renderer and the sheet component both need it).
import qrcode from 'qrcode-generator';
import { snapshotDigest, verificationCode } from '../core/sheet-code.ts';
import type { SheetData } from './sheet-data.ts';

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
