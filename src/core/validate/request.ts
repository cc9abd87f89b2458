// Request checks: the payment date window, the transfer region, scheme switches and the payer.
import type { Payer, Scheme } from '../case.ts';
import { formatDate, monthOfDay, parseDate, type DayInt } from '../calendar.ts';
import { SCHEME_TERMS, SCHEME_ZH } from '../glossary.ts';
import { CASE_LIMITS, LABELS, type Parsed, type REQUEST_FIELDS, type Report } from './fields.ts';

export interface CheckedRequest {
  /** The planned payment day (asOf when none was typed); null when it did not read. */
  paymentDate: DayInt | null;
  switchFrom: 'employee' | 'resident' | null;
  payer: Payer;
}

export function checkRequest(
  request: Parsed<typeof REQUEST_FIELDS> | null,
  asOf: DayInt | null,
  asOfText: string | null,
  regionText: string | null,
  checkRegion: (path: string, code: string) => void,
  err: Report,
): CheckedRequest {
  const paymentDate = !request || request.failed.has('paymentDate') ? null : request.paymentDate ? parseDate(request.paymentDate) : asOf;
  if (paymentDate !== null && asOf !== null) {
    if (paymentDate < asOf)
      err(
        'request.paymentDate',
        `计划缴费日期 ${formatDate(paymentDate)} 早于办理日期 asOf ${asOfText}`,
        `计划缴费日期 ${formatDate(paymentDate)} 早于办理日期 ${asOfText}`,
      );
    if (monthOfDay(paymentDate) > monthOfDay(asOf) + CASE_LIMITS.paymentHorizonMonths) {
      err(
        'request.paymentDate',
        `计划缴费日期 ${formatDate(paymentDate)} 超出办理日期后 ${CASE_LIMITS.paymentHorizonMonths} 个月的测算范围`,
      );
    }
  }
  const switchFrom = request?.switchFromScheme ?? null;
  let payer: Payer = 'individual';
  if (request) {
    if (request.transferFrom != null) {
      checkRegion('request.transferFrom', request.transferFrom);
      if (request.transferFrom === regionText)
        err(
          'request.transferFrom',
          `转出地 ${request.transferFrom} 与当前统筹区相同；同城续保请留空`,
          '转出地与参保地相同；同城续保请留空',
        );
    }
    if (switchFrom === 'resident' && request.scheme === 'resident') {
      err(
        'request.switchFromScheme',
        `由${SCHEME_TERMS.resident.short}切换时，申请险种应为${SCHEME_TERMS.employee.group}：employee 或 flexible`,
        `由${SCHEME_TERMS.resident.short}切换时，申请险种应为${SCHEME_ZH.employee}或${SCHEME_ZH.flexible}`,
      );
    }
    if (switchFrom === 'employee' && request.scheme && request.scheme !== 'resident') {
      err(
        'request.switchFromScheme',
        '由职工医保切换时，申请险种应为 resident（城乡居民医保）；单位与灵活就业之间属同一险种，不是切换',
        '由职工医保切换时，申请险种应为城乡居民医保；单位与灵活就业之间属同一险种，不是切换',
      );
    }
    if (request.residentRepairYears && request.residentRepairYears > 0 && request.scheme && request.scheme !== 'resident') {
      err(
        'request.residentRepairYears',
        '修复变动等待期只适用于城乡居民医保（request.scheme 为 resident）',
        '修复变动等待期只适用于城乡居民医保',
      );
    }
    if (request.scheme) {
      const scheme: Scheme = request.scheme;
      payer = request.payer ?? (scheme === 'employee' ? 'employer' : 'individual');
      if (payer === 'employer' && scheme !== 'employee') {
        err(
          'request.payer',
          `${LABELS[scheme]} 由个人缴费，缴费人不能是 employer`,
          `${SCHEME_ZH[scheme]}由个人缴费，缴费人不能选“用人单位”`,
        );
      }
    }
  }
  return { paymentDate, switchFrom, payer };
}
