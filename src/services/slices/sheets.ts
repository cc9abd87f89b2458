// Printed sheets: issue (numbered, stored), reprint, list, and every output recorded. PDFs
// and prints go through the printer the services were given; a print is recorded only when
// the printer reports it done.
import type { IssuedSheet, ServiceSlice } from '../../api/contract.ts';
import { fail, ok, ServiceError } from '../../api/result.ts';
import { checkAndAssess } from '../../core/check-and-assess.ts';
import { snapshotDigest, verificationCode } from '../../core/sheet-code.ts';
import type { SheetRow } from '../../store/ports.ts';
import { CASE_MISSING, found, sheetMissing, type ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { loadSettings } from '../settings.ts';
import { localTimestamp, localToday } from '../clock.ts';
import { verifySheet } from '../sheet-verify.ts';
import { issueSheet, previewSheetHtml, recordOutput, reprintSheet } from '../sheets.ts';

const sheetSummary = (row: SheetRow) => ({
  number: row.number,
  code: verificationCode(row.number, snapshotDigest(row.snapshot)),
  issuedAt: row.issuedAt,
  caseId: row.caseId,
  clerk: row.clerk,
  contentHash: row.contentHash,
  prints: row.prints,
});
const sheetOut = (row: SheetRow): IssuedSheet => ({ ...sheetSummary(row), html: row.html });

export function sheetServices({ repos, log, printer, clock }: ServiceContext): ServiceSlice<'sheets'> {
  const stored = async (number: string) => found(await reprintSheet(repos, number), sheetMissing(number));
  const clerk = async () => (await loadSettings(repos)).clerkName;
  /** The case checked and assessed again here (the services are the authority for what is printed). */
  const assessed = async (caseFile: unknown, refusal: string) => {
    const checked = await guard(async () =>
      checkAndAssess(caseFile, { policies: await repos.policy.library(), regions: await repos.policy.regions() }),
    );
    if (!checked.ok) return checked;
    if (!checked.value.valid) return fail('INVALID_INPUT', refusal, checked.value.errors);
    return ok({ caseFile: checked.value.caseFile, assessment: checked.value.assessment });
  };
  return {
    previewSheet: async ({ caseFile }) => {
      const checked = await assessed(caseFile, '案件信息有误，不能预览告知单；请按提示修改。');
      if (!checked.ok) return checked;
      return guard(async () => ({ html: previewSheetHtml({ ...checked.value, settings: await loadSettings(repos) }) }));
    },
    issueSheet: async ({ caseId, caseFile }) => {
      const checked = await assessed(caseFile, '案件信息有误，不能出具告知单；请按提示修改。');
      if (!checked.ok) return checked;
      return guard(async () => {
        // A case another counter deleted meanwhile: said so, not 内部错误 (issue 22, finding 21).
        if (caseId) found(await repos.cases.get(caseId), CASE_MISSING);
        const settings = await loadSettings(repos);
        const row = await issueSheet(repos, {
          ...checked.value,
          caseId: caseId ?? null,
          settings,
          issuedAt: localTimestamp(clock()),
        }).catch((error: unknown) => {
          // Deleted between that look and the insert: the sheet's reference to the case is refused.
          if (caseId && isForeignKeyViolation(error)) throw new ServiceError('NOT_FOUND', CASE_MISSING);
          throw error;
        });
        log.write('sheet-issued', { sheet: row.number, case: caseId ?? null, hash: row.contentHash.slice(0, 16) });
        return sheetOut(row);
      });
    },

    getSheet: (number) => guard(async () => sheetOut(await stored(number))),
    verifySheet: ({ code }) => guard(() => verifySheet(repos, code, localToday())),
    listSheets: (caseId) => guard(async () => (await repos.sheets.listForCase(caseId)).map(sheetSummary)),
    recordPrint: ({ number, kind }) =>
      guard(async () => {
        const sheet = found(await repos.sheets.get(number), sheetMissing(number));
        // The window only opened the browser's print dialog: whether it printed is not known here.
        await recordOutput(repos, sheet, kind === 'print' ? 'print-request' : kind, await clerk());
        return null;
      }),
    sheetPdf: (number) =>
      guard(async () => {
        const sheet = await stored(number);
        const pdf = await printer.pdf(sheet);
        await recordOutput(repos, sheet, 'pdf', await clerk());
        return { base64: Buffer.from(pdf).toString('base64'), contentHash: sheet.contentHash };
      }),
    printSheet: (number) =>
      guard(async () => {
        const sheet = await stored(number);
        const outcome = await printer.print(sheet);
        if (!outcome.printed) throw new ServiceError('UNSUPPORTED', outcome.cancelled ? '已取消打印' : `打印失败：${outcome.reason}`);
        await recordOutput(repos, sheet, 'print', await clerk());
        return null;
      }),
  };
}

/** PostgreSQL's 23503 or SQLite's SQLITE_CONSTRAINT_FOREIGNKEY. */
function isForeignKeyViolation(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : null;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
