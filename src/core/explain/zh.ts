// The Chinese wording of everything the engine concludes, in one place: the explanation
// texts (from their facts), the warning messages, and the short phrases the window, the
// printed sheet and `yibao assess --text` show for the same figures. Change a sentence
// here and every surface says the same thing.
import { SCHEME_ZH, type Scheme } from '../case.ts';
import { formatDateZh, formatMonthZh, parseDate, parseMonth } from '../calendar.ts';
import { formatFen, formatPpmPercent } from '../money.ts';
import type { BackPayPart, ClampNote, ExplanationFacts, Intro, Start } from './facts.ts';

// ── months and days in Chinese ────────────────────────────────────────────────

const monthZhCache = new Map<string, string>();
/** "2026-11" → "2026年11月" (labels are cached: an assessment names hundreds of months). */
export function monthZh(iso: string): string {
  let text = monthZhCache.get(iso);
  if (text === undefined) {
    const m = parseMonth(iso);
    text = m === null ? iso : formatMonthZh(m);
    monthZhCache.set(iso, text);
  }
  return text;
}

/** "2026-11-30" → "2026年11月30日". */
export function dayZh(iso: string): string {
  const d = parseDate(iso);
  return d === null ? iso : formatDateZh(d);
}

const monthRangeZh = (from: string, to: string) => (from === to ? monthZh(from) : `${monthZh(from)}至${monthZh(to)}`);

/** "09-01" as written; "02-last" → "02月底". */
export const windowDayZh = (md: string) => (md.endsWith('-last') ? `${md.slice(0, 2)}月底` : md);

/** A number of months as years: "16年1个月", "15年". */
export function yearsZh(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return m ? `${y}年${m}个月` : `${y}年`;
}

// ── phrases every surface shares ──────────────────────────────────────────────

/** Whether the interruption's costs are reimbursed, as a clause of a sentence (naming the waiting period when there is one). */
export function retroactiveClause(retroactive: boolean | null, waitingPeriod = false): string {
  if (retroactive === true) return '中断期间的待遇可按规定追溯享受（补缴后中断期间的医疗费用可按规定报销）';
  if (retroactive === false) return `中断期间${waitingPeriod ? '（及等待期内）' : ''}发生的医疗费用不予报销`;
  return '中断期间的费用能否追溯报销，以当地医保经办机构核定为准';
}

/** The same, as the short label of the window and `--text`; "不涉及" when there is no interruption. */
export function retroactiveLabel(retroactive: boolean | null, hasInterruption: boolean): string {
  if (retroactive === true) return '可追溯报销';
  if (retroactive === false) return '不予报销';
  return hasInterruption ? '能否报销以当地核定为准' : '不涉及';
}

/** Whether the interruption's months may be back-paid, as a clause. */
export function backPayClause(allowed: boolean | null): string {
  if (allowed === true) return '可以补缴中断期间的医疗保险费';
  if (allowed === false) return '不能补缴中断期间的医疗保险费';
  return '能否补缴中断期间的费用以当地规定为准';
}

/** The same, as the short label of the window and `--text`. */
export function backPayLabel(allowed: boolean | null, monthsOwed: number): string {
  if (allowed === true) return '中断期间可以补缴';
  if (allowed === false) return '中断期间不能补缴';
  return monthsOwed ? '只涉及欠费月份' : '不涉及中断期补缴';
}

/** The waiting period as the window and `--text` show it. */
export function waitingLabel(waitingMonths: number | null, waitingMonthsMax: number | null): string {
  if (waitingMonths !== null) return `${waitingMonths} 个月`;
  if (waitingMonthsMax !== null) return `不超过 ${waitingMonthsMax} 个月（具体以当地核定为准）`;
  return '无法确定';
}

/** When benefits start, as a clause: "缴费次月（2026年12月）起享受待遇". */
export function startClause(s: Start): string {
  if (s.from === null) return '待遇起始月份无法确定';
  if (s.waiting && s.waiting > 0) return `自缴费当月起连续缴费满 ${s.waiting} 个月后，从${monthZh(s.from)}起享受待遇`;
  if (s.offset === 0) return `缴费当月（${monthZh(s.from)}）起即可享受待遇`;
  if (s.offset === 1) return `缴费次月（${monthZh(s.from)}）起享受待遇`;
  return `${monthZh(s.from)}起享受待遇`;
}

// ── explanations ──────────────────────────────────────────────────────────────

function introZh(intro: Intro): string {
  switch (intro.kind) {
    case 'transfer':
      return `您由${intro.fromName}转入${intro.toName}（转移接续），转移前`;
    case 'switch':
      return `您已连续参保满规定年限，因就业等状态变化由${intro.toScheme === 'resident' ? '职工医保' : '城乡居民医保'}切换到${SCHEME_ZH[intro.toScheme]}，`;
    case 'national':
      return '（当地规定未配置，参照国家转移接续办法框架）';
  }
}

/** One month's terms of a back-pay row. */
export interface Terms {
  principalFen: number | null;
  flatFen: number | null;
  baseFen: number | null;
  ratePpm: number | null;
}

/** "基数 8,000.00 元 × 费率 11% = 880.00 元/月", "按定额 584.92 元/月". */
export function termsZh(t: Terms): string {
  if (t.principalFen === null || (t.flatFen === null && (t.baseFen === null || t.ratePpm === null))) return '费率或基数缺失，无法计算';
  if (t.flatFen !== null) return `按定额 ${formatFen(t.flatFen)} 元/月`;
  return `基数 ${formatFen(t.baseFen ?? 0)} 元 × 费率 ${formatPpmPercent(t.ratePpm ?? 0)} = ${formatFen(t.principalFen)} 元/月`;
}

/** The same, short enough for a column of the printed sheet: "基数 8,000.00 × 11%". */
export function termsShortZh(t: Terms): string {
  if (t.flatFen !== null) return `定额 ${formatFen(t.flatFen)} 元/月`;
  if (t.baseFen === null || t.ratePpm === null) return '费率或基数缺失';
  return `基数 ${formatFen(t.baseFen)} × ${formatPpmPercent(t.ratePpm)}`;
}

/** A back-pay line's rate as ppm (lines carry it as a decimal for the JSON contract). */
export const linePpm = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 1_000_000));

function partZh(p: BackPayPart): string {
  const terms = termsZh(p);
  const subtotal = p.subtotalFen === null ? '' : `，${p.count} 个月共 ${formatFen(p.subtotalFen)} 元`;
  return `${monthRangeZh(p.from, p.to)}（${p.reason === 'arrears' ? '欠费' : '中断期'}，${SCHEME_ZH[p.scheme]}）：${terms}${subtotal}`;
}

function clampZh(n: ClampNote): string {
  return n.kind === 'clamped'
    ? `${monthZh(n.from)}起申报基数 ${formatFen(n.declaredFen)} 元超出当月缴费基数范围 ${formatFen(n.minFen)}–${formatFen(n.maxFen)} 元，按 ${formatFen(n.usedFen)} 元计算`
    : `政策库未配置${monthRangeZh(n.from, n.to)}${n.partial ? '中部分月份' : ''}的缴费基数上下限，按申报基数计算，未作上下限调整`;
}

const moneyOrUnknown = (fen: number | null) => (fen === null ? '无法计算（见提示）' : ` ${formatFen(fen)} 元`);

/** The text of one explanation (the assessment's `explanations[].text`). */
export function explanationText(f: ExplanationFacts): string {
  switch (f.id) {
    case 'switch.eligible':
    case 'switch.not-eligible':
      return (
        `申请由${SCHEME_ZH[f.fromScheme]}切换参保关系：中断前连续参保 ${f.runLength} 个月，` +
        `${f.minRun !== null ? `${f.eligible ? '达到' : '不足'}连续参保 ${f.minRun} 个月的条件` : '连续参保条件未配置'}` +
        `${f.eligible ? '，中断期自原险种最后缴费月的次月起计算。' : '，不适用险种切换的衔接规定，按普通中断续保处理。'}`
      );
    case 'transfer.retiree':
      return `已到法定退休年月（${monthZh(f.retirementMonth)}），转移接续办法的中断衔接规定不适用于退休人员，按转入地普通规定处理。`;
    case 'transfer.resident':
      return `居民医保跨统筹地区流动，原则上当年度不办理转移接续，按${f.regionName}规定参加下一年度居民医保后再申请转移接续；下列等待期按居民医保规则计算。`;
    case 'interruption.none':
      return `参保记录中没有${f.employeeRequest ? '职工医保' : '城乡居民医保'}的已缴月份，按首次参保处理，不存在中断期。`;
    case 'interruption.current':
      return f.months === 0 || f.from === null || f.to === null
        ? `最后缴费月为${monthZh(f.lastPaid)}，缴费月为${monthZh(f.paymentMonth)}，连续缴费，没有中断。`
        : `最后缴费月为${monthZh(f.lastPaid)}，计划于 ${f.paymentDate}（${monthZh(f.paymentMonth)}）缴费：中断 ${f.months} 个月（${monthZh(f.from)}至${monthZh(f.to)}，按整月计算，不含缴费当月）。`;
    case 'interruption.deadline':
      return `最迟在 ${dayZh(f.deadline)}前缴费，中断期仍不超过 ${f.limit} 个月，可按上述规定补缴且不设等待期${f.daysLeft >= 0 ? `（距办理日还有 ${f.daysLeft} 天）` : ''}。`;
    case 'interruption.deadline-missed':
      return `按计划日期缴费将中断 ${f.months} 个月，超过 ${f.limit} 个月；如改在 ${dayZh(f.deadline)}前缴费，中断期不超过 ${f.limit} 个月，可避免上述不利后果。`;
    case 'transfer.short-gap':
    case 'switch.short-gap':
    case 'national-fallback.short-gap':
      return (
        `${introZh(f.intro)}${f.months === 0 ? `连续参保没有中断（不超过 ${f.limit} 个月）：` : `中断缴费 ${f.months} 个月，不超过 ${f.limit} 个月：${backPayClause(f.backPayAllowed)}`}` +
        `${f.months === 0 ? '' : f.baseRule === 'averageWageYearBeforeLast' ? '（补缴基数按本市上上年度全口径城镇单位就业人员月平均工资），' : '（按转入地规定办理），'}` +
        `${f.start.waiting === 0 ? '补缴后不设待遇等待期，' : ''}${startClause(f.start)}；${retroactiveClause(f.retroactive)}。`
      );
    case 'transfer.long-gap':
    case 'switch.long-gap':
    case 'national-fallback.long-gap':
    case 'local.tier':
      if (f.variant === 'explicit')
        return `${introZh(f.intro)}中断缴费 ${f.months} 个月，超过 ${f.limit} 个月，按转入地规定：${backPayClause(f.backPayAllowed)}，${startClause(f.start)}；${retroactiveClause(f.retroactive)}。`;
      if (f.variant === 'cap')
        return (
          `${introZh(f.intro)}中断缴费 ${f.months} 个月，超过 ${f.limit} 个月：待遇按转入地规定执行，${f.cap ? `${f.cap.regionName}规定待遇等待期原则上不超过 ${f.cap.months} 个月` : '等待期上限也未配置'}；` +
          `政策库中没有转入地的具体分档规定，因此具体等待月数、起始月份、能否补缴和中断期间能否报销均以当地医保经办机构核定为准。`
        );
      return (
        `${
          f.lead.kind === 'local'
            ? `${f.lead.regionName}${SCHEME_ZH[f.lead.scheme]}中断缴费 ${f.lead.months} 个月，按当地中断分档规定：`
            : `${introZh(f.lead.intro)}中断缴费 ${f.lead.months} 个月，超过 ${f.lead.limit} 个月，按转入地的中断分档规定：`
        }${f.asFirstEnrolment ? '视为首次参保，' : ''}${backPayClause(f.backPayAllowed)}，` +
        `${f.start.waiting === null ? `等待期不超过 ${f.waitingMax} 个月（具体以当地核定为准）` : startClause(f.start)}；${retroactiveClause(f.retroactive)}。`
      );
    case 'first-enrolment': {
      const lead =
        f.lead.kind === 'no-history'
          ? '参保记录中没有职工医保缴费月份，按'
          : `${f.lead.year}年度内累计中断缴费 ${f.lead.missed} 个月（达到 ${f.lead.limit} 个月），按当地规定视为首次参保：`;
      const exemption = f.exemption
        ? `原参保待遇（最后缴费月${monthZh(f.exemption.lastPaid)}）终止后 ${f.exemption.withinMonths} 个月内参保，不设等待期；`
        : '';
      return `${lead}${SCHEME_ZH[f.scheme]}首次参保${f.configuredWaiting !== null ? `的待遇等待期为 ${f.configuredWaiting} 个月` : '的等待期规定未配置'}；${exemption}${f.start.waiting === null ? '待遇起始月份无法确定' : startClause(f.start)}。`;
    }
    case 'continuous':
      return `连续缴费，无中断：按时缴纳${monthZh(f.paymentMonth)}的费用，待遇不中断${f.from !== null ? `（本次缴费对应的待遇自${monthZh(f.from)}起）` : ''}。`;
    case 'local.short-gap':
      return `${f.regionName}${SCHEME_ZH[f.scheme]}中断缴费 ${f.months} 个月，不超过 ${f.limit} 个月：${backPayClause(f.backPayAllowed)}，${startClause(f.start)}；${retroactiveClause(f.retroactive)}。`;
    case 'local.waiting-restart':
      return `本段缴费自${monthZh(f.runFrom)}起只连续缴费 ${f.runLength} 个月，仍在 ${f.waiting} 个月的待遇等待期内即中断；按当地规定等待期重新计算：自缴费当月起连续缴费满 ${f.waiting} 个月后，从${monthZh(f.from)}起享受待遇。`;
    case 'resident.newborn':
      return `新生儿出生后 ${f.days} 天内参保缴费（出生${f.birthDay ? `于${f.birthDay}` : `于${monthZh(f.birthMonth)}`}，缴费日 ${f.paymentDate}），不设待遇等待期，${monthZh(f.from)}起享受待遇，自出生之日起发生的符合规定的医疗费用可追溯纳入报销。`;
    case 'resident.newborn-check':
      return `如为出生后 ${f.days} 天内参保的新生儿，可不设等待期；只知道出生年月，无法确定，请录入身份证号以核对出生日期。`;
    case 'resident.waiting':
      if (f.variant === 'incomplete') return '居民医保待遇等待期所需的政策参数不全，等待期和待遇起始月份无法计算。';
      return (
        `${f.inWindow ? `在集中参保期内（${windowDayZh(f.window.from)} 至 ${windowDayZh(f.window.to)}）缴纳${f.benefitYear}年度居民医保` : `在集中参保期外缴费（${f.paymentDate}）`}；` +
        `此前连续断保 ${f.gapYears} 年（自${f.countFrom}年起计）。` +
        (f.fixedMonths > 0
          ? `固定等待期 ${f.fixedMonths} 个月，变动等待期 ${f.variableMonths} 个月（每多断保1年增加 ${f.perGapYear} 个月，首个断保年度不计）` +
            `${f.repairedMonths > 0 ? `，已缴费修复 ${f.repairYears} 年，减少 ${f.repairedMonths} 个月` : ''}；` +
            `${f.floor ? `连续断保 ${f.floor.gapYears} 年（达到 ${f.floor.fromGapYears} 年），修复后等待期合计不少于 ${f.floor.totalMonths} 个月；` : ''}` +
            `合计等待 ${f.waiting} 个月，自${monthZh(f.countsFrom)}起算，${monthZh(f.from)}起享受待遇。`
          : `连续参保且在集中参保期内缴费，不设等待期，${monthZh(f.from)}起享受待遇。`) +
        `断保期间和等待期内发生的医疗费用${f.retroactive === false ? '不纳入基金支付' : '的支付以当地规定为准'}。`
      );
    case 'lifetime.years':
      return (
        `职工医保累计缴费 ${f.countedPaid} 个月${f.deemed ? `，加视同缴费 ${f.deemed} 个月` : ''}，合计 ${f.counted} 个月（${yearsZh(f.counted)}）。` +
        `${f.required !== null ? `${f.required.regionName}要求退休时累计缴费满 ${f.required.months} 个月（${yearsZh(f.required.months)}）。` : ''}` +
        `${f.employeeRequest ? `补缴 ${f.fromBackPay} 个月并从${monthZh(f.paymentMonth)}起按月缴费至法定退休前一个月（${monthZh(f.lastMonthBeforeRetirement)}），到退休时预计 ${f.projected} 个月` : `按城乡居民医保参保不增加职工医保年限，到退休时预计 ${f.projected} 个月`}` +
        `${f.required !== null ? (f.projected >= f.required.months ? '，可以达到要求。' : `，还差 ${f.required.months - f.projected} 个月，可按规定在退休时一次性或按月补足。`) : '。'}` +
        `${f.localRequired !== null ? `另须在本地实际缴费满 ${f.localRequired} 个月，目前本地实际缴费 ${f.localActual} 个月。` : ''}`
      );
    case 'retirement.month': {
      const years = Math.floor(f.ageMonths / 12);
      const months = f.ageMonths % 12;
      return (
        `按渐进式延迟法定退休年龄的规定，出生于${monthZh(f.birth)}的${f.category === 'male' ? '男职工' : `原法定退休年龄${f.baseAgeYears}周岁的女职工`}` +
        `${f.delayMonths > 0 ? `延迟 ${f.delayMonths} 个月，` : '不延迟，'}法定退休年龄为 ${years} 周岁${months ? ` ${months} 个月` : ''}，法定退休年月为 ${monthZh(f.month)}（${f.month}）。`
      );
    }
    case 'backpay.none':
      return `${f.backPayAllowed === false ? '按规定中断期间不能补缴，' : ''}没有需要补缴的月份。`;
    case 'backpay.principal': {
      const lead =
        f.backPayAllowed === true ? '中断期间可以补缴；' : f.backPayAllowed === false ? '中断期间不能补缴，只需补缴欠费月份；' : '';
      const notes = f.clampNotes.map(clampZh);
      return (
        `${lead}需补缴 ${f.months} 个月，每月按该月有效的费率计算：${f.parts.map(partZh).join('；')}。` +
        `${notes.length ? `${notes.join('；')}。` : ''}补缴本金合计${moneyOrUnknown(f.principalFen)}。`
      );
    }
    case 'backpay.late-fee':
      if (f.variant === 'individual')
        return `欠费 ${f.months} 个月由个人补缴：滞纳金只对用人单位欠缴加收（社会保险法第八十六条），个人和灵活就业人员不加收滞纳金。`;
      return (
        `用人单位欠缴 ${f.months} 个月，自每月应缴期限的次日起至缴费日 ${f.paymentDate} 按日加收滞纳金${dailyRatesZh(f.dailyRates)}：` +
        `${f.first.month} 应缴期限 ${f.first.dueDate ?? '未知'}，计 ${f.first.days} 天` +
        `${f.last ? `；……；${f.last.month} 应缴期限 ${f.last.dueDate ?? '未知'}，计 ${f.last.days} 天` : ''}。` +
        `滞纳金合计${moneyOrUnknown(f.feeFen)}，由用人单位承担，不得要求职工承担。`
      );
  }
}

/** "（每日 0.05%）", or each rate with the day it took effect when it changed. */
function dailyRatesZh(rates: ReadonlyArray<{ from: string; ppm: number }>): string {
  const perDay = (ppm: number) => `每日 ${formatPpmPercent(ppm)}`;
  const [only] = rates;
  if (!only) return '';
  if (rates.length === 1) return `（${perDay(only.ppm)}）`;
  return `（${rates.map((r) => `${dayZh(r.from)}起${perDay(r.ppm)}`).join('；')}）`;
}

// ── warnings ──────────────────────────────────────────────────────────────────

export const warningZh = {
  unverifiedSource: (label: string, regionName: string, document: string, grade: string) =>
    `“${label}”取自${regionName}${document}，来源等级 ${grade === 'D' ? 'D（第三方解读）' : '未核实'}，以当地医保经办机构核定为准。`,
  policyExpired: (p: {
    regionName: string;
    document: string;
    title: string;
    endedOn: string;
    day: string;
    label: string;
    fallbackRegionName: string | null;
  }) =>
    `${p.regionName}${p.document}《${p.title}》已于 ${p.endedOn} 到期（续期未确认），不再用于 ${p.day} 的“${p.label}”；${p.fallbackRegionName ? `改用${p.fallbackRegionName}的规定` : '上级也没有有效规定'}。`,
  missingParameter: (p: { day: string; label: string; chainNames: readonly string[]; dependent: string }) =>
    `政策库中没有在 ${p.day} 有效的“${p.label}”（查找范围：${p.chainNames.join(' → ')}），因此${p.dependent}无法计算，显示为空。`,
  tiersDoNotCover: (regionName: string, months: number) =>
    `${regionName}的中断分档规定没有覆盖中断 ${months} 个月的情形，待遇恢复规则无法确定。`,
  capOnlyTransfer: (regionName: string, limit: number, cap: number) =>
    `${regionName}中断超过 ${limit} 个月后的待遇等待期只知道上限（不超过 ${cap} 个月），具体月数以当地医保经办机构核定为准。`,
  capOnlyTier: (regionName: string, months: number, cap: number) =>
    `${regionName}对中断 ${months} 个月的情形只规定了等待期上限（不超过 ${cap} 个月），具体月数以当地医保经办机构核定为准。`,
  localRuleMissing: (regionName: string, scheme: Scheme) =>
    `政策库中没有${regionName}${SCHEME_ZH[scheme]}同城中断续保的当地规定，以下结论参照国家转移接续办法（医保办发〔2021〕43号）的框架推定，以当地医保经办机构核定为准。`,
  missingBase: () => 'request.base: 无法确定补缴基数（参保记录中没有带缴费基数的已缴月份），请填写 request.base；补缴本金暂无法计算。',
};

/** The dependent figure of a missing late fee / principal month, for MISSING_PARAMETER. */
export const dependentZh = {
  principal: (month: string) => `${month}的补缴本金`,
  lateFee: (month: string) => `${month}的滞纳金`,
  backPayBase: (month: string) => `${month}的补缴基数（上上年度月平均工资）`,
};
