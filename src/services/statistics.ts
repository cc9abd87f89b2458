// 统计: what the services read for a hall's days in figures — the cases the window assessed on
// those days (its notes), the sheets issued with the figures kept in each snapshot, and the cases
// last saved on them — filtered by counter or clerk, added up (core/statistics.ts), and written
// as an .xlsx workbook.
import writeXlsxFile, { type SheetData as XlsxRows } from 'write-excel-file/node';
import type { StatisticsView } from '../api/shapes.ts';
import { keyLabel } from '../core/policy/keys.ts';
import { counterDigits, counterOfSheetNumber, INTERRUPTION_BUCKETS, tallyStatistics, type IssuedSheetFacts } from '../core/statistics.ts';
import type { SheetFigures } from '../sheet/sheet-data.ts';
import type { Repositories } from '../store/ports.ts';
import { localTimestamp } from './clock.ts';

export interface StatisticsQuery {
  from: string;
  to: string;
  counter?: string | null;
  clerk?: string | null;
}

const BUCKET_LABEL: Record<string, string> = {
  ...Object.fromEntries(INTERRUPTION_BUCKETS.map((b) => [b.id, b.label])),
  noRecord: '无缴费记录',
  notKept: '未记录（早期告知单）',
};

const UNKNOWN_CODE_TEXT: Record<string, string> = {
  MISSING_PARAMETER: '缺少参数',
  LOCAL_RULE_MISSING: '缺少本地规则',
};

/** The figures a sheet kept, when its snapshot has them in the expected form. */
function figuresOf(snapshot: unknown): SheetFigures | null {
  const f = (snapshot as { figures?: unknown } | null)?.figures as Partial<SheetFigures> | undefined;
  if (!f || typeof f !== 'object' || !Array.isArray(f.unknowns)) return null;
  const money = (x: unknown) => (Number.isSafeInteger(x) ? (x as number) : null);
  return {
    principalFen: money(f.principalFen),
    lateFeeFen: money(f.lateFeeFen),
    interruptionMonths: Number.isSafeInteger(f.interruptionMonths) ? (f.interruptionMonths as number) : null,
    unknowns: f.unknowns.filter((u) => typeof u?.key === 'string' && typeof u.code === 'string'),
  };
}

/** The start of a local day as the UTC instant a case's save time is stored in. */
const dayStartUtc = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function hallStatistics(repos: Repositories, query: StatisticsQuery): Promise<StatisticsView> {
  const counter = query.counter ? counterDigits(query.counter) : null;
  const clerk = query.clerk?.trim() || null;
  const [noteRows, sheetRows, saveRows, regions] = [
    await repos.assessments.notedBetween(query.from, query.to),
    await repos.sheets.issuedBetween(query.from, query.to),
    await repos.cases.savedBetween(dayStartUtc(query.from), dayStartUtc(nextDay(query.to))),
    await repos.policy.regions(),
  ];
  const sheets: IssuedSheetFacts[] = sheetRows
    .map((s) => ({
      number: s.number,
      issuedAt: s.issuedAt,
      clerk: s.clerk,
      counter: counterOfSheetNumber(s.number),
      caseId: s.caseId,
      figures: figuresOf(s.snapshot),
    }))
    .filter((s) => (counter === null || s.counter === counter) && (clerk === null || s.clerk === clerk));
  const saves = saveRows
    .map((c) => ({
      id: c.id,
      day: localTimestamp(new Date(c.updatedAt)).slice(0, 10),
      savedBy: c.savedBy,
      counter: c.savedCounter ? counterDigits(c.savedCounter) : null,
    }))
    .filter((c) => (counter === null || c.counter === counter) && (clerk === null || c.savedBy === clerk));
  const assessed = noteRows
    .map((n) => ({
      day: n.day,
      clerk: n.clerk,
      counter: counterDigits(n.counter),
      interruptionMonths: n.interruptionMonths,
      unknowns: n.unknowns,
    }))
    .filter((n) => (counter === null || n.counter === counter) && (clerk === null || n.clerk === clerk));
  const t = tallyStatistics(query.from, query.to, sheets, saves, assessed);
  return {
    from: query.from,
    to: query.to,
    counter,
    clerk,
    casesAssessed: t.casesAssessed,
    casesSaved: t.casesSaved,
    sheets: t.sheets,
    clients: t.clients,
    principalFen: t.principalFen,
    lateFeeFen: t.lateFeeFen,
    sheetsPrincipalUnknown: t.sheetsPrincipalUnknown,
    sheetsLateFeeUnknown: t.sheetsLateFeeUnknown,
    sheetsWithoutFigures: t.sheetsWithoutFigures,
    byDay: t.byDay,
    interruptions: t.interruptions
      .filter((b) => b.id !== 'notKept' || b.sheets > 0)
      .map((b) => ({ id: b.id, label: BUCKET_LABEL[b.id] ?? b.id, sheets: b.sheets, assessed: b.assessed })),
    unknowns: t.unknowns.map((u) => ({
      ...u,
      codeText: UNKNOWN_CODE_TEXT[u.code] ?? u.code,
      keyLabel: keyLabel(u.key),
      regionName: u.region ? regions.name(u.region) : null,
    })),
  };
}

const yuan = (fen: number) => ({ value: fen / 100, type: Number, format: '#,##0.00' }) as const;
const bold = (value: string) => ({ value, fontWeight: 'bold' }) as const;

/** The workbook: 汇总, 按日, 中断时长, 未知问题 — money in 元 with two decimals. */
export async function statisticsWorkbook(view: StatisticsView): Promise<Buffer> {
  const scope = `${view.counter ? `${Number(view.counter)}号窗口` : '全部窗口'}${view.clerk ? `，经办人 ${view.clerk}` : ''}`;
  const summary: XlsxRows = [
    [bold('统计范围'), `${view.from} 至 ${view.to}（${scope}）`],
    [bold('核算案件'), view.casesAssessed],
    [bold('保存案件'), view.casesSaved],
    [bold('出具告知单'), view.sheets],
    [bold('涉及客户'), view.clients],
    [bold('补缴本金（元）'), yuan(view.principalFen)],
    [bold('滞纳金（元）'), yuan(view.lateFeeFen)],
    [bold('本金暂无法计算的告知单'), view.sheetsPrincipalUnknown],
    [bold('滞纳金暂无法计算的告知单'), view.sheetsLateFeeUnknown],
    [bold('未记录统计数据的告知单'), view.sheetsWithoutFigures],
  ];
  const byDay: XlsxRows = [
    ['日期', '核算案件', '保存案件', '出具告知单', '补缴本金（元）', '滞纳金（元）'].map(bold),
    ...view.byDay.map((d) => [d.day, d.casesAssessed, d.casesSaved, d.sheets, yuan(d.principalFen), yuan(d.lateFeeFen)]),
  ];
  const interruptions: XlsxRows = [
    ['中断时长', '核算案件', '告知单'].map(bold),
    ...view.interruptions.map((b) => [b.label, b.assessed, b.sheets]),
  ];
  const unknowns: XlsxRows = [
    ['政策项目', '项目代码', '地区', '类型', '核算案件', '告知单'].map(bold),
    ...view.unknowns.map((u) => [
      u.keyLabel,
      u.key,
      u.regionName ? `${u.regionName}（${u.region ?? ''}）` : '',
      u.codeText,
      u.assessed,
      u.sheets,
    ]),
  ];
  return writeXlsxFile([
    { data: summary, sheet: '汇总', columns: [{ width: 26 }, { width: 40 }] },
    { data: byDay, sheet: '按日', columns: [{ width: 12 }, { width: 10 }, { width: 10 }, { width: 12 }, { width: 16 }, { width: 14 }] },
    { data: interruptions, sheet: '中断时长', columns: [{ width: 20 }, { width: 10 }, { width: 10 }] },
    {
      data: unknowns,
      sheet: '未知问题',
      columns: [{ width: 30 }, { width: 36 }, { width: 20 }, { width: 14 }, { width: 10 }, { width: 10 }],
    },
  ]).toBuffer();
}
