// A readable Chinese summary of an assessment (`yibao assess --text`). It only
// formats what the engine concluded; it computes nothing.
import type { Assessment } from '../core/assessment.ts';
import { warningTitle } from '../core/explain/warnings.ts';
import { groupBackPayLines } from '../core/backpay-groups.ts';
import { formatMonthCount as months } from '../core/calendar.ts';
import { PAYER_ZH, SCHEME_TERMS, SCHEME_ZH } from '../core/glossary.ts';
import { backPaySummary, benefitsSentence, coverContinues, retroactiveLabel, waitingLabel } from '../core/explain/conclusions-zh.ts';
import { lineTerms, termsZh } from '../core/explain/terms-zh.ts';
import { topUpUnknownLine, topUpHasAmount, topUpLine } from '../core/explain/lifetime-zh.ts';
import { fenToChineseCapital, formatFen } from '../core/money.ts';
import { GRADE_ZH } from '../core/policy/policy-set.ts';

function money(fen: number | null): string {
  return fen === null ? '无法计算' : `${formatFen(fen)} 元`;
}

export function assessmentToText(a: Assessment, personName: string): string {
  const out: string[] = [];
  const rule = '─'.repeat(40);
  out.push(`医保续缴核算结果　${personName}　${a.regionName}（${a.region}）　办理日 ${a.asOf}`);
  out.push(rule);
  out.push(
    `申请：${SCHEME_ZH[a.request.scheme]}；计划缴费日 ${a.request.paymentDate}；缴费人：${PAYER_ZH[a.request.payer]}` +
      `${a.request.transferFrom ? `；由${a.request.transferFromName}（${a.request.transferFrom}）转入` : ''}${a.request.switchFromScheme ? `；由${SCHEME_ZH[a.request.switchFromScheme]}切换` : ''}`,
  );

  const i = a.interruption;
  if (!i) out.push(`中断：无${SCHEME_TERMS.employee.group}或${SCHEME_TERMS.resident.group}已缴记录，按首次参保处理`);
  else if (i.months === 0) out.push(`中断：无（最后缴费月 ${i.lastPaidMonth}，连续缴费）`);
  else {
    out.push(`中断：${months(i.months)}，${i.from} 至 ${i.to}（最后缴费月 ${i.lastPaidMonth}）`);
    if (i.shortLimitMonths !== null) {
      out.push(
        `　　短期中断上限 ${i.shortLimitMonths} 个月；${i.keepShortDeadline ? `最迟缴费日 ${i.keepShortDeadline}，在此之前缴费可不设等待期` : '已超过，或提前缴费也不能避免等待期'}`,
      );
    }
  }

  const b = a.backPay;
  out.push(`补缴：${backPaySummary(a)}`);
  // The same rows as the printed sheet: consecutive months on the same terms together.
  for (const g of groupBackPayLines(b.lines)) {
    const { first, last, count } = g;
    const when = count === 1 ? first.month : `${first.month} 至 ${last.month}（${count} 个月）`;
    const terms = termsZh(lineTerms(first));
    const subtotal = count > 1 && g.principalFen !== null ? `，共 ${money(g.principalFen)}` : '';
    let fee = '';
    if (first.reason === 'arrears' && first.dueDate) {
      fee =
        count === 1
          ? `；应缴期限 ${first.dueDate}，滞纳 ${first.lateFeeDays} 天，滞纳金 ${money(g.lateFeeFen)}`
          : `；应缴期限 ${first.dueDate} 至 ${last.dueDate}，滞纳 ${last.lateFeeDays}–${first.lateFeeDays} 天，滞纳金共 ${money(g.lateFeeFen)}`;
    }
    out.push(`　　${when}　${first.reason === 'arrears' ? '欠费' : '中断期'}　${SCHEME_ZH[first.scheme]}　${terms}${subtotal}${fee}`);
  }
  out.push(
    `　　本金合计 ${money(b.principalFen)}；滞纳金合计 ${money(b.lateFeeFen)}；应缴合计 ${money(b.totalFen)}${b.totalFen !== null ? `（${fenToChineseCapital(b.totalFen)}）` : ''}`,
  );

  const ben = a.benefits;
  const hasInterruption = a.interruption !== null && a.interruption.months > 0;
  out.push(
    ben.rule === 'local-rule-missing' || coverContinues(a)
      ? `待遇：${benefitsSentence(a)}中断期间费用：${retroactiveLabel(ben.retroactive, hasInterruption)}`
      : `待遇：等待期 ${waitingLabel(ben.waitingMonths, ben.waitingMonthsMax)}；${ben.from ? `${ben.from} 起享受待遇` : '起始月份无法确定'}；中断期间费用${retroactiveLabel(ben.retroactive, hasInterruption)}`,
  );

  const l = a.lifetime;
  out.push(
    `终身待遇年限：已计 ${months(l.countedMonths)}${l.deemedMonths ? `（含视同 ${l.deemedMonths} 个月）` : ''}；要求 ${l.requiredMonths === null ? '未配置' : months(l.requiredMonths)}；` +
      `法定退休年月 ${a.retirement.month ?? '无法确定'}，届时预计 ${l.projectedAtRetirementMonths === null ? '无法计算' : months(l.projectedAtRetirementMonths)}` +
      `${l.shortfallAtRetirementMonths ? `，差 ${months(l.shortfallAtRetirementMonths)}` : l.shortfallAtRetirementMonths === 0 ? '，可满足' : ''}`,
  );
  if (l.localActualRequiredMonths !== null)
    out.push(`　　本地实际缴费 ${months(l.localActualMonths)}，要求 ${months(l.localActualRequiredMonths)}`);
  if (l.topUp) out.push(`　　${topUpLine(l.topUp)}${topUpHasAmount(l.topUp) ? '（按缴费日标准估算）' : ''}`);
  else if (l.shortfallAtRetirementMonths) out.push(`　　${topUpUnknownLine(l.shortfallAtRetirementMonths)}`);

  if (a.warnings.length) {
    out.push(rule);
    out.push('提示：');
    for (const w of a.warnings) out.push(`　！${warningTitle(w.code)}（${w.code}）：${w.message}`);
  }
  out.push(rule);
  out.push('说明与依据：');
  a.explanations.forEach((e, index) => {
    out.push(`　${index + 1}. ${e.text}`);
    for (const c of e.citations) {
      out.push(
        `　　　依据：${c.document}${c.article ? ` ${c.article}` : ''}（${c.region === 'CN' ? '全国' : c.region}，${c.key} = ${JSON.stringify(c.value)}，${GRADE_ZH[c.grade]}）`,
      );
    }
  });
  out.push(rule);
  out.push(`政策版本：${a.policyVersion.slice(0, 16)}　以上结论以当地医保经办机构核定为准。`);
  return `${out.join('\n')}\n`;
}
