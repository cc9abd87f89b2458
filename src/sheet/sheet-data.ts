// What the printed sheet (补缴及待遇恢复告知单) says, derived from one assessment. This
// snapshot is what is stored with the sheet number: a reprint renders it again and is
// byte-identical. Pure: no IO, no clock (the caller passes the time and the number).
import type { Assessment, BackPayLine, Gap, WarningCode } from '../core/assessment.ts';
import type { CaseFile } from '../core/case.ts';
import { PAYER_ZH, SCHEME_ZH } from '../core/glossary.ts';
import { formatMonthCount } from '../core/calendar.ts';
import { groupBackPayLines } from '../core/backpay-groups.ts';
import { dayZh, monthZh } from '../core/explain/calendar-zh.ts';
import {
  backPaySummary,
  benefitsSentence,
  coverContinues,
  explanationsForRequest,
  RESIDENT_LIFETIME_LINE,
  retroactiveClause,
  UNCONFIRMED_FIGURE,
} from '../core/explain/conclusions-zh.ts';
import { lineTerms, termsShortZh } from '../core/explain/terms-zh.ts';
import { conventionZh, TOP_UP_UNKNOWN, topUpHasAmount, topUpLine } from '../core/explain/lifetime-zh.ts';
import { WARNING_WORDS } from '../core/explain/warnings.ts';
import { maskIdNumber } from '../core/idcard.ts';
import { fenToChineseCapital, formatFen } from '../core/money.ts';
import { UNCONFIRMED_GRADES, type Grade } from '../core/policy/policy-set.ts';
import { unknownQuestions, type UnknownQuestion } from '../core/statistics.ts';

export const SHEET_FORMAT = 'yibao-sheet/1';

export interface SheetData {
  format: typeof SHEET_FORMAT;
  number: string;
  /** ISO date-time the sheet was made (shown, and kept for reprints). */
  issuedAt: string;
  office: { name: string; counter: string; clerk: string };
  client: { name: string; idMasked: string | null; region: string; scheme: string; paymentDate: string; extra: string[] };
  timeline: { entries: Array<{ from: string; to: string; scheme: string; status: string }>; paymentMonth: string; gaps: Gap[] };
  /** `unconfirmed`: printed after the text, kept whole on its line (a figure resting on a D, S or UNVERIFIED row). */
  conclusions: Array<{ label: string; text: string; emphasis?: boolean; unconfirmed?: string }>;
  backPayRows: Array<{ months: string; reason: string; terms: string; amount: string; lateFee: string }>;
  totals: { principal: string; lateFee: string; total: string; totalCapital: string | null };
  lifetime: string[];
  nextSteps: Array<{ label: string; text: string }>;
  basis: Array<{ document: string; title: string; article: string | null; grade: Grade; gradeNote: string }>;
  notices: string[];
  policyVersion: string;
  /**
   * The figures behind the words, kept for the hall's statistics (统计) and never printed:
   * absent on sheets issued before they were kept.
   */
  figures?: SheetFigures;
}

/** What a sheet concluded, without words: money in fen, months as integers. */
export interface SheetFigures {
  /** Back-pay principal and late fee (滞纳金); null where the sheet says 暂无法计算. */
  principalFen: number | null;
  lateFeeFen: number | null;
  /** Months of the current interruption; null when there is no contribution record at all. */
  interruptionMonths: number | null;
  /** The questions the library could not answer (MISSING_PARAMETER, LOCAL_RULE_MISSING), by policy key. */
  unknowns: UnknownQuestion[];
}

const GRADE_NOTE: Record<Grade, string> = {
  A: '法律文本',
  B: '政府网站',
  C: '转载的官方文本',
  D: '第三方解读，未核实',
  V: '官方原文',
  S: '可信二手来源',
  UNVERIFIED: '未核实',
  CONV: '本系统默认做法',
};

/** How the sheet names a product default in place of a document. */
export const CONVENTION = '本系统默认口径';

/** Whether a title is in Chinese (its words outside brackets): foreign-language sources stay off the client's sheet. */
const isChinese = (title: string) => /[\u4e00-\u9fff]/.test(title.replace(/（[^）]*）|\([^)]*\)/g, ''));

const ym = (m: string | null) => (m ? monthZh(m) : '');

/** The explanations whose citations a benefits conclusion (waiting, start, retroactive cover, deadline) rests on. */
const BENEFIT_EXPLANATION = /^(local\.|first-enrolment$|continuous$|transfer\.|switch\.|resident\.)/;

/**
 * Whether a figure rests on a row graded D, S or UNVERIFIED (issue 20: the sheet never states a weak
 * figure as fact): the citations of the explanations `which` selects, of the keys `keys` names.
 */
function unconfirmed(a: Assessment, which: (id: string) => boolean, keys: readonly string[] | null = null): string {
  const weak = a.explanations.some(
    (e) =>
      which(e.id) && e.citations.some((c) => UNCONFIRMED_GRADES.has(c.grade) && (keys === null || keys.some((k) => c.key.startsWith(k)))),
  );
  return weak ? UNCONFIRMED_FIGURE : '';
}
const day = (d: string | null) => (d ? dayZh(d) : '');
const money = (fen: number | null) => (fen === null ? '暂无法计算' : `${formatFen(fen)} 元`);
const months = formatMonthCount;

/** Consecutive months on the same terms on one row (the grouping the explanation uses), so long histories fit the page. */
function backPayRows(lines: BackPayLine[]): SheetData['backPayRows'] {
  return groupBackPayLines(lines).map(({ first, last, count, principalFen, lateFeeFen }) => ({
    months: count === 1 ? ym(first.month) : `${ym(first.month)}至${ym(last.month)}（${count}个月）`,
    reason: first.reason === 'arrears' ? '欠费' : '中断期',
    terms: termsShortZh(lineTerms(first)),
    amount: principalFen === null ? '—' : formatFen(principalFen),
    lateFee: first.reason === 'arrears' && lateFeeFen !== null ? formatFen(lateFeeFen) : '—',
  }));
}

/**
 * The order of the sheet's notices: what the client cannot rely on first. Every warning code
 * must be listed (checked below), plus the note on sources in a foreign language.
 */
const SHEET_NOTICE_ORDER = [
  'LOCAL_RULE_MISSING',
  'LOCAL_RULE_CAP_ONLY',
  'POLICY_EXPIRED',
  'UNVERIFIED_SOURCE',
  'FOREIGN_SOURCES',
  'MISSING_PARAMETER',
  'MISSING_INPUT',
] as const;
// A warning code missing from the order above is a type error here.
const everyCodeHasItsPlace: Exclude<WarningCode, (typeof SHEET_NOTICE_ORDER)[number]> extends never ? true : never = true;
void everyCodeHasItsPlace;

/** One short sentence per kind of warning, in words a client understands. */
function plainNotices(a: Assessment, foreign: ReadonlySet<string>): string[] {
  const byCode = new Map<WarningCode, Set<string>>();
  for (const w of a.warnings) {
    const docs = byCode.get(w.code) ?? new Set<string>();
    if (w.document && !foreign.has(w.document)) docs.add(w.document);
    byCode.set(w.code, docs);
  }
  const list = (code: WarningCode) => [...(byCode.get(code) ?? [])].join('、');
  const out: string[] = [];
  for (const code of SHEET_NOTICE_ORDER) {
    if (code === 'FOREIGN_SOURCES') {
      if (foreign.size) out.push('另有部分结论的依据为外文资料，未在本单列出，以当地医保经办机构核定为准。');
    } else if (byCode.has(code)) out.push(WARNING_WORDS[code].sheet(list(code)));
  }
  // That the figures rest on what was typed and on the library is said once, in the footer.
  return out;
}

export interface SheetInput {
  number: string;
  issuedAt: string;
  office: { name: string; counter: string; clerk: string };
  caseFile: CaseFile;
  assessment: Assessment;
}

export function buildSheetData({ number, issuedAt, office, caseFile, assessment: a }: SheetInput): SheetData {
  const extra: string[] = [];
  if (a.request.transferFrom) extra.push(`由${a.request.transferFromName}转入（转移接续）`);
  if (a.request.switchFromScheme) extra.push(`由${SCHEME_ZH[a.request.switchFromScheme]}切换`);

  const conclusions: SheetData['conclusions'] = [];
  const i = a.interruption;
  const benefitsWeak = unconfirmed(a, (id) => BENEFIT_EXPLANATION.test(id));
  const amountsWeak = unconfirmed(a, (id) => id.startsWith('backpay.'));
  if (!i)
    conclusions.push({
      label: '断缴情况',
      text: `没有${a.request.scheme === 'resident' ? '城乡居民医保' : '职工医保'}缴费记录，按首次参保办理。`,
    });
  else if (i.months === 0) conclusions.push({ label: '断缴情况', text: `连续缴费，没有中断（最后缴费月 ${ym(i.lastPaidMonth)}）。` });
  else
    conclusions.push({
      label: '断缴情况',
      text: `最后缴费月为${ym(i.lastPaidMonth)}，中断 ${i.months} 个月（${ym(i.from)}至${ym(i.to)}）。`,
    });
  if (i?.keepShortDeadline) {
    conclusions.push({
      label: '最迟缴费日期',
      text: `请于 ${day(i.keepShortDeadline)}（含当日）前缴费，中断不超过 ${i.shortLimitMonths} 个月，按本告知单所列规定办理。`,
      ...(benefitsWeak ? { unconfirmed: benefitsWeak } : {}),
      emphasis: true,
    });
  } else if (i && i.months > 0 && i.shortLimitMonths !== null) {
    conclusions.push({ label: '最迟缴费日期', text: `中断已超过 ${i.shortLimitMonths} 个月（或提前缴费也不能避免等待期），请尽快缴费。` });
  }
  const b = a.backPay;
  conclusions.push({
    label: '应缴费用',
    text: b.months.length
      ? `${backPaySummary(a)}：本金 ${money(b.principalFen)}，滞纳金 ${money(b.lateFeeFen)}，合计 ${money(b.totalFen)}${b.totalFen !== null ? `（人民币${fenToChineseCapital(b.totalFen)}）` : ''}。`
      : `${backPaySummary(a)}。`,
    ...(b.totalFen !== null && b.months.length && amountsWeak ? { unconfirmed: amountsWeak } : {}),
    emphasis: b.months.length > 0,
  });
  const ben = a.benefits;
  // No benefits date the library cannot back (docs/rules.md §2): the sentence says who decides.
  const benefits = benefitsSentence(a);
  conclusions.push({
    label: coverContinues(a) ? '医保待遇' : '待遇恢复',
    text: benefits,
    emphasis: true,
    ...(benefitsWeak && (ben.from !== null || ben.waitingMonths !== null) ? { unconfirmed: benefitsWeak } : {}),
  });
  if (i && i.months > 0) {
    conclusions.push({
      label: '中断期间医疗费用',
      text: `${retroactiveClause(ben.retroactive, (ben.waitingMonths ?? ben.waitingMonthsMax ?? 0) > 0)}。`,
      ...(ben.retroactive !== null && benefitsWeak ? { unconfirmed: benefitsWeak } : {}),
    });
  }

  const l = a.lifetime;
  const lifetimeWeak = (keys: readonly string[]) => unconfirmed(a, (id) => id === 'lifetime.years' || id === 'retirement.month', keys);
  const lifetime = [
    `职工医保已计缴费年限 ${months(l.countedMonths)}${l.deemedMonths ? `（含视同缴费 ${l.deemedMonths} 个月）` : ''}。`,
    l.requiredMonths !== null
      ? `退休时须累计缴费满 ${months(l.requiredMonths)}${lifetimeWeak(['lifetime.requiredMonths.'])}。`
      : '当地退休时所需的缴费年限尚未录入本系统，以当地规定为准。',
    a.retirement.month
      ? `法定退休年月为 ${ym(a.retirement.month)}${lifetimeWeak(['retirement.schedule.'])}${a.retirement.month <= a.request.paymentMonth ? '（已到达）' : ''}` +
        `${l.projectedAtRetirementMonths !== null ? (a.retirement.month <= a.request.paymentMonth ? `，补缴后累计 ${months(l.projectedAtRetirementMonths)}` : `，届时预计 ${months(l.projectedAtRetirementMonths)}`) : ''}` +
        `${l.shortfallAtRetirementMonths ? `，尚差 ${months(l.shortfallAtRetirementMonths)}${l.topUp ? '' : `，${TOP_UP_UNKNOWN}`}` : l.shortfallAtRetirementMonths === 0 ? '，可以满足要求' : ''}。`
      : '法定退休年月暂无法确定。',
  ];
  // Residents' insurance: no lifetime years (what applies to the scheme asked about, worded once).
  if (a.request.scheme === 'resident') lifetime.splice(0, lifetime.length, RESIDENT_LIFETIME_LINE);
  else if (l.topUp)
    lifetime.push(
      `${topUpLine(l.topUp)}${topUpHasAmount(l.topUp) ? '（按出具日标准估算，以补缴时当地医保经办机构核定为准）' : ''}${
        l.topUp.citations.some((c) => UNCONFIRMED_GRADES.has(c.grade)) ? UNCONFIRMED_FIGURE : ''
      }。`,
    );
  if (l.localActualRequiredMonths !== null && a.request.scheme !== 'resident')
    lifetime.push(
      `另须在本地实际缴费满 ${months(l.localActualRequiredMonths)}${lifetimeWeak(['lifetime.localActualRequiredMonths'])}（目前 ${months(l.localActualMonths)}）。`,
    );

  const employer = a.request.payer === 'employer';
  const hasArrears = b.lines.some((x) => x.reason === 'arrears');
  const nextSteps: SheetData['nextSteps'] = [
    {
      label: '由谁缴费',
      text: employer
        ? `用人单位（由单位经办人办理${hasArrears ? '；欠费滞纳金由单位承担，不得要求职工承担' : ''}）`
        : `个人（${PAYER_ZH.individual}缴费${a.request.scheme === 'flexible' ? '，灵活就业人员' : ''}）`,
    },
    // No amount at all: the client is told what to do instead of being left with 暂无法计算.
    ...(b.months.length > 0 && b.totalFen === null
      ? [
          {
            label: '核定金额',
            text: '本单暂无法算出应缴金额（本系统缺少部分当地数据）：请携带本告知单到医保经办窗口，由经办机构核定应缴金额后再缴费。',
          },
        ]
      : []),
    {
      label: '在哪里办',
      text: '医保经办窗口；也可通过当地医保或税务的线上渠道（如国家医保服务平台 App、当地电子税务局）办理，以当地开通的渠道为准。',
    },
    {
      label: '请携带',
      text: employer
        ? '单位经办人身份证、单位介绍信或授权书、本人居民身份证复印件、医保卡（社保卡）、本告知单。'
        : '居民身份证、医保卡（社保卡）或医保电子凭证、本人银行卡、本告知单。',
    },
  ];

  // The client's sheet cites documents only: a product default is named as such with what it
  // means (never the rule book), and a source not in Chinese is left to the policy screen.
  const basisKey = new Set<string>();
  const basis: SheetData['basis'] = [];
  const foreign = new Set<string>();
  for (const e of explanationsForRequest(a)) {
    for (const c of e.citations) {
      if (c.grade === 'CONV') {
        const text = conventionZh(c.key, c.value);
        if (basisKey.has(text)) continue;
        basisKey.add(text);
        basis.push({ document: CONVENTION, title: text, article: null, grade: c.grade, gradeNote: '' });
        continue;
      }
      if (!isChinese(c.title)) {
        foreign.add(c.document);
        continue;
      }
      const key = `${c.document}|${c.article ?? ''}`;
      if (basisKey.has(key)) continue;
      basisKey.add(key);
      basis.push({ document: c.document, title: c.title, article: c.article, grade: c.grade, gradeNote: GRADE_NOTE[c.grade] });
    }
  }

  const notices = plainNotices(a, foreign);

  return {
    format: SHEET_FORMAT,
    number,
    issuedAt,
    office,
    client: {
      name: caseFile.person.name,
      idMasked: caseFile.person.idNumber ? maskIdNumber(caseFile.person.idNumber.toUpperCase()) : null,
      region: `${a.regionName}（${a.region}）`,
      scheme: SCHEME_ZH[a.request.scheme],
      paymentDate: day(a.request.paymentDate),
      extra,
    },
    timeline: {
      entries: caseFile.history.map((h) => ({ from: h.from, to: h.to, scheme: h.scheme, status: h.status })),
      paymentMonth: a.request.paymentMonth,
      gaps: a.gaps,
    },
    conclusions,
    backPayRows: backPayRows(b.lines),
    totals: {
      principal: money(b.principalFen),
      lateFee: money(b.lateFeeFen),
      total: money(b.totalFen),
      totalCapital: b.totalFen === null ? null : fenToChineseCapital(b.totalFen),
    },
    lifetime,
    nextSteps,
    basis,
    notices,
    policyVersion: a.policyVersion,
    figures: {
      principalFen: b.principalFen,
      lateFeeFen: b.lateFeeFen,
      interruptionMonths: i ? i.months : null,
      unknowns: unknownQuestions(a),
    },
  };
}
