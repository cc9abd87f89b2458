// 核验告知单: a sheet a client brings back, checked at any counter from its 核验码. Three
// answers, each in the clerk's words: is it one this office issued (the number is on record
// and the code's check digits are those of the stored data), is the record unchanged (the
// stored HTML still has the hash recorded when it was issued), and do its figures still hold
// today (the saved case assessed again as of today, with today's library) — and if not, why.
import type { SheetVerificationView } from '../api/shapes.ts';
import { dayZh } from '../core/explain/calendar-zh.ts';
import { checkAndAssess } from '../core/check-and-assess.ts';
import type { CaseFile } from '../core/case.ts';
import { caseAsOfToday } from '../core/reminders.ts';
import { codeMatches, parseVerificationCode } from '../core/sheet-code.ts';
import { buildSheetData, type SheetData } from '../sheet/sheet-data.ts';
import type { Repositories } from '../store/ports.ts';
import { localTimestamp } from './clock.ts';
import { htmlIntact } from './sheets.ts';

/** The figures a client reads on the sheet, by the label they are printed under. */
function figures(data: SheetData): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of data.conclusions) out.set(c.label, c.text);
  out.set('合计', data.totals.total);
  data.lifetime.forEach((line, i) => out.set(i === 0 ? '缴费年限' : `缴费年限（${String(i + 1)}）`, line));
  return out;
}

const sameFigures = (a: Map<string, string>, b: Map<string, string>) =>
  a.size === b.size && [...a].every(([label, text]) => b.get(label) === text);

const sameHistory = (a: SheetData, b: SheetData) => JSON.stringify(a.timeline.entries) === JSON.stringify(b.timeline.entries);

export async function verifySheet(
  repos: Pick<Repositories, 'sheets' | 'cases' | 'policy'>,
  typed: string,
  today: string,
): Promise<SheetVerificationView> {
  type View = SheetVerificationView;
  const answer = (code: string, status: View['status'], message: string, more: Partial<View> = {}): View => ({
    code,
    status,
    message,
    checkedOn: today,
    sheet: null,
    stillHolds: null,
    differences: [],
    reasons: [],
    ...more,
  });
  const code = parseVerificationCode(typed);
  if (!code)
    return answer(
      typed.trim(),
      'unreadable',
      '核验码格式不对：应为告知单右上角“核验码”后的一串字符（如 20261207-03-0001-1A2B3C4D），请核对后重新输入或扫码。',
    );
  const codeText = `${code.number}-${code.check}`;
  const row = await repos.sheets.get(code.number);
  if (!row)
    return answer(codeText, 'unknown-number', `本系统没有编号为 ${code.number} 的告知单：它不是本机构（本服务大厅）出具的，或编号有误。`);
  const then = row.snapshot as SheetData;
  const sheet = {
    number: row.number,
    issuedAt: row.issuedAt,
    clerk: row.clerk,
    counter: then.office.counter,
    clientName: then.client.name,
    idMasked: then.client.idMasked,
    conclusions: then.conclusions.map((c) => ({ label: c.label, text: c.text })),
    total: then.totals.total,
  };
  if (!codeMatches(code, row.snapshot))
    return answer(
      codeText,
      'code-mismatch',
      `核验码与编号 ${row.number} 的存档不符：手中的告知单不是该编号出具时的原件（可能被改动或伪造），请以下方存档内容为准。`,
      { sheet },
    );
  if (!htmlIntact(row))
    return answer(codeText, 'altered', `编号 ${row.number} 的存档内容与出具时记录的摘要不符（存档可能被改动），请联系维护人员。`, {
      sheet,
    });

  const genuine = (more: Partial<View>) =>
    answer(
      codeText,
      'genuine',
      `真实有效：编号 ${row.number} 的告知单由本机构于 ${row.issuedAt.replace('T', ' ').slice(0, 16)} 出具，核验码相符，存档未被改动。`,
      { sheet, ...more },
    );
  const saved = row.caseId ? await repos.cases.get(row.caseId) : null;
  if (!saved)
    return genuine({
      reasons: [
        row.caseId ? '出具它的案件已被删除，无法按今天重新核算。' : '出具时未保存案件，无法按今天重新核算；如需核对，请重新录入后核算。',
      ],
    });

  // A client marked 已缴 in 到期提醒 whose paid months are not typed in yet: the figures below do not know of it.
  const mark = (await repos.cases.paymentMarks()).find((m) => m.caseId === saved.id && m.caseVersion === saved.version);
  const markNote = mark
    ? [
        `该客户已在到期提醒中标记为已缴（${localTimestamp(new Date(mark.markedAt)).replace('T', ' ').slice(0, 16)}，${mark.markedCounter}号窗口 ${mark.markedBy}），缴费记录尚未录入案件：以下按案件现有记录核算，未计入这笔缴费。`,
      ]
    : [];
  const regions = await repos.policy.regions();
  const checked = checkAndAssess(caseAsOfToday(saved.caseFile, today), { policies: await repos.policy.library(), regions });
  if (!checked.valid) return genuine({ reasons: ['保存的案件现在不能通过校验（请在核算页打开案件查看提示），无法按今天重新核算。'] });
  const now = buildSheetData({
    number: row.number,
    issuedAt: row.issuedAt,
    office: then.office,
    caseFile: checked.caseFile,
    assessment: checked.assessment,
  });

  /** The library changed for this case: the case as it was then, assessed with today's library, no longer gives the sheet's figures. */
  const libraryChanged = async (caseFile: CaseFile): Promise<boolean> => {
    const asThen = checkAndAssess(caseFile, { policies: await repos.policy.library(), regions });
    if (!asThen.valid) return false;
    const data = buildSheetData({
      number: row.number,
      issuedAt: row.issuedAt,
      office: then.office,
      caseFile: asThen.caseFile,
      assessment: asThen.assessment,
    });
    return then.client.paymentDate === data.client.paymentDate && !sameFigures(figures(then), figures(data));
  };

  const before = figures(then);
  const after = figures(now);
  const differences = [...new Set([...before.keys(), ...after.keys()])]
    .filter((label) => before.get(label) !== after.get(label))
    .map((label) => ({ label, then: before.get(label) ?? '（无）', now: after.get(label) ?? '（无）' }));
  if (differences.length === 0) return genuine({ stillHolds: true, reasons: ['按今天重新核算，告知单上的结论仍然成立。', ...markNote] });

  const reasons: string[] = [];
  if (!sameHistory(then, now)) reasons.push('出具后案件的参保记录有变化（例如已缴费、已补缴或更正了记录）。');
  if (then.client.paymentDate !== now.client.paymentDate)
    reasons.push(`告知单上的计划缴费日期（${then.client.paymentDate}）已过，按今天（${dayZh(today)}）重新核算，期限和金额随之变化。`);
  if (sameHistory(then, now) && (await libraryChanged(saved.caseFile)))
    reasons.push('政策库中适用于此案件的规定已更新（费率、基数或待遇规则有变化）。');
  if (reasons.length === 0) reasons.push('按今天的日期重新核算，结论随日期变化。');
  return genuine({ stillHolds: false, differences, reasons: [...reasons, ...markNote] });
}
