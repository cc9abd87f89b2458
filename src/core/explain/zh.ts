// The Chinese explanation texts (from their facts) and the warning messages. The rest of the
// wording lives beside this file by subject: calendar-zh.ts (months, days, years),
// conclusions-zh.ts (interruption, back-pay and benefits in one sentence each),
// terms-zh.ts (base × rate of a back-pay row), lifetime-zh.ts (top-up at retirement and
// product defaults). Change a sentence there and every surface says the same thing.
import type { Scheme } from '../case.ts';
import { SCHEME_TERMS, SCHEME_ZH } from '../glossary.ts';
import { formatFen, formatPpmPercent } from '../money.ts';
import type { BackPayPart, ClampNote, ExplanationFacts, Intro } from './facts.ts';
import { dayZh, monthRangeZh, monthZh, windowDayZh, yearsZh } from './calendar-zh.ts';
import { backPayClause, retroactiveClause, startClause } from './conclusions-zh.ts';
import { termsZh } from './terms-zh.ts';
import { TOP_UP_METHOD_ZH, topUpAmountZh } from './lifetime-zh.ts';

// ── explanations ──────────────────────────────────────────────────────────────

function introZh(intro: Intro): string {
  switch (intro.kind) {
    case 'transfer':
      return `您由${intro.fromName}转入${intro.toName}（转移接续），转移前`;
    case 'switch':
      return `您已连续参保满规定年限，因就业等状态变化由${intro.toScheme === 'resident' ? SCHEME_TERMS.employee.group : SCHEME_ZH.resident}切换到${SCHEME_ZH[intro.toScheme]}，`;
  }
}

function partZh(p: BackPayPart): string {
  const terms = termsZh(p);
  const subtotal = p.subtotalFen === null ? '' : `，${p.count} 个月共 ${formatFen(p.subtotalFen)} 元`;
  return `${monthRangeZh(p.from, p.to)}（${p.reason === 'arrears' ? '欠费' : '中断期'}，${SCHEME_ZH[p.scheme]}）：${terms}${subtotal}`;
}

function clampZh(n: ClampNote): string {
  switch (n.kind) {
    case 'clamped':
      return `${monthZh(n.from)}起申报基数 ${formatFen(n.declaredFen)} 元超出当月缴费基数范围 ${formatFen(n.minFen)}–${formatFen(n.maxFen)} 元，按 ${formatFen(n.usedFen)} 元计算`;
    case 'fixed':
      return `${monthZh(n.from)}起灵活就业人员按统一缴费基数 ${formatFen(n.usedFen)} 元计算${
        n.declaredFen !== null && n.declaredFen !== n.usedFen ? `（不按申报基数 ${formatFen(n.declaredFen)} 元）` : ''
      }`;
    case 'no-range':
      return `政策库未配置${monthRangeZh(n.from, n.to)}${n.partial ? '中部分月份' : ''}的缴费基数上下限，按申报基数计算，未作上下限调整`;
  }
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
      return (
        `${introZh(f.intro)}${f.months === 0 ? `连续参保没有中断（不超过 ${f.limit} 个月）：` : `中断缴费 ${f.months} 个月，不超过 ${f.limit} 个月：${backPayClause(f.backPayAllowed)}`}` +
        `${f.months === 0 ? '' : f.baseRule === 'averageWageYearBeforeLast' ? '（补缴基数按本市上上年度全口径城镇单位就业人员月平均工资），' : '（按转入地规定办理），'}` +
        `${f.start.waiting === 0 ? '补缴后不设待遇等待期，' : ''}${startClause(f.start)}；${retroactiveClause(f.retroactive)}。`
      );
    case 'transfer.long-gap':
    case 'switch.long-gap':
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
    case 'transfer.continuous':
      return (
        `${introZh(f.intro)}连续缴费未中断：${startClause(f.start)}` +
        `${f.source === 'local' ? '（政策库中没有转移接续连续缴费的专门规定，按转入地缴费后待遇起始的规定）' : ''}` +
        `${f.source === null ? '（政策库中没有相应规定，以当地医保经办机构核定为准）' : ''}。`
      );
    case 'local.missing':
      return (
        `${f.regionName}${SCHEME_ZH[f.scheme]}中断缴费 ${f.months} 个月后在本地续保：政策库中没有当地的中断续保规定，` +
        `能否补缴中断期间的费用、是否设待遇等待期、待遇从哪个月起恢复、中断期间的医疗费用能否报销，均以当地医保经办机构核定为准。` +
        `国家转移接续办法（医保办发〔2021〕43号）关于短期中断可补缴、长期中断设等待期的规定只适用于跨统筹地区转移接续，不能代替当地规定；` +
        `下列补缴金额是当地允许补缴时的费用。`
      );
    case 'continuous':
      // Cover never stopped: no start month to announce (docs/rules.md §2).
      return `连续缴费，无中断：按时缴纳${monthZh(f.paymentMonth)}的费用，医保待遇不中断。`;
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
        `${
          f.inWindow
            ? `在集中参保期内（${windowDayZh(f.window.from)} 至 ${windowDayZh(f.window.to)}）缴纳${f.benefitYear}年度居民医保`
            : f.extended
              ? `在${f.benefitYear}年度的延长缴费期内（${windowDayZh(f.extended.from)} 至 ${windowDayZh(f.extended.to)}）缴费（${f.paymentDate}），从缴费当月起享受本年度待遇`
              : `在集中参保期外缴费（${f.paymentDate}）`
        }；` +
        `此前连续断保 ${f.gapYears} 年（自${f.countFrom}年起计）。` +
        (f.fixedMonths > 0
          ? `固定等待期 ${f.fixedMonths} 个月，变动等待期 ${f.variableMonths} 个月（每多断保1年增加 ${f.perGapYear} 个月，首个断保年度不计）` +
            `${f.repairedMonths > 0 ? `，已缴费修复 ${f.repairYears} 年，减少 ${f.repairedMonths} 个月` : ''}；` +
            `${f.floor ? `连续断保 ${f.floor.gapYears} 年（达到 ${f.floor.fromGapYears} 年），修复后等待期合计不少于 ${f.floor.totalMonths} 个月；` : ''}` +
            `合计等待 ${f.waiting} 个月，自${monthZh(f.countsFrom)}起算，${monthZh(f.from)}起享受待遇。`
          : `连续参保且在${f.extended ? '延长缴费期' : '集中参保期'}内缴费，不设等待期，${monthZh(f.from)}起享受待遇。`) +
        `断保期间和等待期内发生的医疗费用${f.retroactive === false ? '不纳入基金支付' : '的支付以当地规定为准'}。`
      );
    case 'lifetime.years':
      return (
        `职工医保累计缴费 ${f.countedPaid} 个月${f.deemed ? `，加视同缴费 ${f.deemed} 个月` : ''}，合计 ${f.counted} 个月（${yearsZh(f.counted)}）。` +
        `${f.required !== null ? `${f.required.regionName}要求退休时累计缴费满 ${f.required.months} 个月（${yearsZh(f.required.months)}）。` : ''}` +
        `${
          f.retired
            ? `已到法定退休年月，${f.fromBackPay ? `补缴 ${f.fromBackPay} 个月后` : ''}累计 ${f.projected} 个月`
            : f.employeeRequest
              ? `补缴 ${f.fromBackPay} 个月并从${monthZh(f.paymentMonth)}起按月缴费至法定退休前一个月（${monthZh(f.lastMonthBeforeRetirement)}），到退休时预计 ${f.projected} 个月`
              : `按城乡居民医保参保不增加职工医保年限，到退休时预计 ${f.projected} 个月`
        }` +
        `${
          f.required === null
            ? '。'
            : f.projected >= f.required.months
              ? '，可以达到要求。'
              : `，还差 ${f.required.months - f.projected} 个月，${f.topUpPriced ? '可按当地规定补缴（见下条）。' : '补缴办法和费用以当地医保经办机构核定为准。'}`
        }` +
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
    case 'lifetime.top-up': {
      const ways = f.methods.map((m) => `${TOP_UP_METHOD_ZH[m.method]}${topUpAmountZh(m.method, m.monthlyFen, m.totalFen)}`).join('，或');
      const base =
        f.baseRule === 'averageWageYearBeforeLast'
          ? `以${f.wageYear ?? ''}年度全口径城镇单位就业人员月平均工资为基数`
          : f.baseRule === 'minBase'
            ? '以缴费基数下限为基数'
            : '缴费基数未配置';
      const [first] = f.methods;
      const terms =
        first && first.baseFen !== null && first.ratePpm !== null
          ? `（${formatFen(first.baseFen)} 元 × ${formatPpmPercent(first.ratePpm)}）`
          : '';
      return (
        `${f.retired ? '已到法定退休年月，' : '到法定退休年月时'}职工医保缴费年限不足，需补缴 ${f.months} 个月：按${f.regionName}规定，${base}${terms}，${ways}。` +
        `金额按 ${f.pricedOn} 的标准估算，实际以补缴时的标准和当地医保经办机构核定为准。`
      );
    }
    case 'backpay.none':
      return `${f.backPayAllowed === false ? '按规定中断期间不能补缴，' : ''}没有需要补缴的月份。`;
    case 'backpay.principal': {
      // Arrears are owed whatever the rule says about the interruption: say both plainly.
      const lead =
        f.backPayAllowed === false
          ? `${f.employerPays ? `用人单位欠缴的 ${f.arrearsMonths} 个月须补缴，并按日加收滞纳金` : `欠费的 ${f.arrearsMonths} 个月须补缴`}；本次中断的 ${f.interruptionMonths} 个月按规定不能补缴。需补缴 ${f.months} 个月，`
          : `${f.backPayAllowed === true ? '中断期间可以补缴；' : f.hypothetical ? '能否补缴中断期间的费用以当地医保经办机构核定为准，如可补缴：' : ''}需补缴 ${f.months} 个月，`;
      const notes = f.clampNotes.map(clampZh);
      return (
        `${lead}每月按该月有效的费率计算：${f.parts.map(partZh).join('；')}。` +
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

/** A region's document, naming the region once: "深圳市医保局…" stays as it is, "43号" becomes "江苏省43号". */
const regionDocument = (regionName: string, document: string) => (document.startsWith(regionName) ? document : `${regionName}${document}`);

export const warningZh = {
  unverifiedSource: (label: string, regionName: string, document: string, grade: string) =>
    `“${label}”取自${regionDocument(regionName, document)}，来源等级 ${grade === 'D' ? 'D（第三方解读）' : '未核实'}，以当地医保经办机构核定为准。`,
  policyExpired: (p: {
    regionName: string;
    document: string;
    title: string;
    endedOn: string;
    day: string;
    label: string;
    fallbackRegionName: string | null;
  }) =>
    `${regionDocument(p.regionName, p.document)}《${p.title}》已于 ${p.endedOn} 到期（续期未确认），不再用于 ${p.day} 的“${p.label}”；${p.fallbackRegionName ? `改用${p.fallbackRegionName}的规定` : '上级也没有有效规定'}。`,
  missingParameter: (p: { day: string; label: string; chainNames: readonly string[]; dependent: string }) =>
    `政策库中没有在 ${p.day} 有效的“${p.label}”（查找范围：${p.chainNames.join(' → ')}），因此${p.dependent}无法计算，显示为空。`,
  invalidValue: (p: { regionName: string; document: string; label: string; value: string; reason: string }) =>
    `政策库中${regionDocument(p.regionName, p.document)}的“${p.label}”值 ${p.value} 无法使用（${p.reason}），依赖它的数字显示为空，请政策管理员更正该值。`,
  tiersDoNotCover: (regionName: string, months: number) =>
    `${regionName}的中断分档规定没有覆盖中断 ${months} 个月的情形，待遇恢复规则无法确定。`,
  capOnlyTransfer: (regionName: string, limit: number, cap: number) =>
    `${regionName}中断超过 ${limit} 个月后的待遇等待期只知道上限（不超过 ${cap} 个月），具体月数以当地医保经办机构核定为准。`,
  capOnlyTier: (regionName: string, months: number, cap: number) =>
    `${regionName}对中断 ${months} 个月的情形只规定了等待期上限（不超过 ${cap} 个月），具体月数以当地医保经办机构核定为准。`,
  localRuleMissing: (regionName: string, scheme: Scheme) =>
    `政策库中没有${regionName}${SCHEME_ZH[scheme]}同城中断续保的当地规定：能否补缴、待遇等待期、待遇起始月份和中断期间费用能否报销，以当地医保经办机构核定为准；补缴金额按当地允许补缴估算。`,
  leviesDisagree: (month: string, document: string, levyPpm: number, ratePpm: number) =>
    `${document}所列分项费率合计 ${formatPpmPercent(levyPpm)}，与 ${month} 有效的费率 ${formatPpmPercent(ratePpm)} 不一致，该月补缴本金无法按分项计算，显示为空；请政策管理员核对分项或费率。`,
  missingBase: () => '无法确定补缴基数（参保记录中没有带缴费基数的已缴月份），请填写“补缴基数”；补缴本金暂无法计算。',
};

/** The dependent figure of a missing late fee / principal month, for MISSING_PARAMETER. */
export const dependentZh = {
  principal: (month: string) => `${month}的补缴本金`,
  lateFee: (month: string) => `${month}的滞纳金`,
  backPayBase: (month: string) => `${month}的补缴基数（上上年度月平均工资）`,
};
