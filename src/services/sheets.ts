// Issuing and reprinting sheets: number, snapshot, canonical HTML and its hash. Shared by
// the command line and the API services.
import type { Settings } from '../api/contract.ts';
import type { Assessment } from '../core/assessment.ts';
import type { CaseFile } from '../core/case.ts';
import { createHash } from 'node:crypto';
import { buildSheetData } from '../sheet/sheet-data.ts';
import { renderSheetHtml } from '../sheet/render.ts';
import { SheetRepository, type SheetRow } from '../store/sheets.ts';
import type { Store } from '../store/store.ts';

/** Local wall-clock time as YYYY-MM-DDTHH:mm:ss (what the counter's clock shows). */
export function localTimestamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

export function issueSheet(
  store: Store,
  input: { caseFile: CaseFile; assessment: Assessment; caseId: string | null; settings: Settings; issuedAt?: string },
): SheetRow {
  const sheets = new SheetRepository(store.db);
  const issuedAt = input.issuedAt ?? localTimestamp();
  return sheets.create({
    caseId: input.caseId,
    issuedAt,
    clerk: input.settings.clerkName,
    counter: input.settings.counterNumber,
    make: (number) => {
      const snapshot = buildSheetData({
        number,
        issuedAt,
        office: { name: input.settings.officeName, counter: input.settings.counterNumber, clerk: input.settings.clerkName },
        caseFile: input.caseFile,
        assessment: input.assessment,
      });
      const rendered = renderSheetHtml(snapshot);
      return { snapshot, html: rendered.html, contentHash: rendered.contentHash };
    },
  });
}

/** A stored sheet, exactly as handed out; its bytes must still match the recorded hash. */
export function reprintSheet(store: Store, number: string): SheetRow | null {
  const row = new SheetRepository(store.db).get(number);
  if (!row) return null;
  if (createHash('sha256').update(row.html).digest('hex') !== row.contentHash) {
    throw new Error(`告知单 ${number} 的存档内容与出具时记录的摘要不符（可能被改动），请联系维护人员。`);
  }
  return row;
}
