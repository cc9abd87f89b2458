// Issuing and reprinting sheets: number, snapshot, canonical HTML and its hash. Shared by
// the command line and the API services.
import { createHash } from 'node:crypto';
import { ServiceError } from '../api/result.ts';
import type { Settings } from '../api/inputs.ts';
import type { Assessment } from '../core/assessment.ts';
import type { CaseFile } from '../core/case.ts';
import { renderSheetHtml } from '../sheet/render.ts';
import { buildSheetData } from '../sheet/sheet-data.ts';
import type { PrintKind, Repositories, SheetRow } from '../store/ports.ts';
import { localTimestamp } from './clock.ts';

/** The number a preview carries: none (Sheet.svelte shows 预览（未编号）). */
export const PREVIEW_NUMBER = '';

/** The sheet as it would print now, unnumbered: rendered only, nothing stored. */
export function previewSheetHtml(input: { caseFile: CaseFile; assessment: Assessment; settings: Settings; issuedAt?: string }): string {
  const { settings } = input;
  const snapshot = buildSheetData({
    number: PREVIEW_NUMBER,
    issuedAt: input.issuedAt ?? localTimestamp(),
    office: { name: settings.officeName, counter: settings.counterNumber, clerk: settings.clerkName },
    caseFile: input.caseFile,
    assessment: input.assessment,
  });
  return renderSheetHtml(snapshot).html;
}

export function issueSheet(
  repos: Pick<Repositories, 'sheets'>,
  input: { caseFile: CaseFile; assessment: Assessment; caseId: string | null; settings: Settings; issuedAt?: string },
): Promise<SheetRow> {
  const issuedAt = input.issuedAt ?? localTimestamp();
  return repos.sheets.create({
    caseId: input.caseId,
    idNumber: input.caseFile.person.idNumber ?? null,
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

/** Whether a stored sheet's bytes still have the hash recorded when it was issued. */
export const htmlIntact = (sheet: Pick<SheetRow, 'html' | 'contentHash'>): boolean =>
  createHash('sha256').update(sheet.html).digest('hex') === sheet.contentHash;

/** A stored sheet, exactly as handed out; its bytes must still match the recorded hash. */
export async function reprintSheet(repos: Pick<Repositories, 'sheets'>, number: string): Promise<SheetRow | null> {
  const row = await repos.sheets.get(number);
  if (!row) return null;
  if (!htmlIntact(row)) {
    throw new ServiceError('INTERNAL', `告知单 ${number} 的存档内容与出具时记录的摘要不符（可能被改动），请联系维护人员。`);
  }
  return row;
}

/** Records one output of a sheet (print, PDF, HTML) with the clerk and the sheet's hash. */
export function recordOutput(
  repos: Pick<Repositories, 'sheets'>,
  sheet: Pick<SheetRow, 'number' | 'contentHash'>,
  kind: PrintKind,
  clerk: string,
  at = localTimestamp(),
): Promise<void> {
  return repos.sheets.recordPrint(sheet.number, { at, kind, clerk, contentHash: sheet.contentHash });
}
