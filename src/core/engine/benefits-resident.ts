// Residents' insurance (城乡居民医保; docs/rules.md §5, 国办发〔2024〕38号): an eligible scheme
// switch, newborns, and the waiting period by enrolment window and gap years.
import { addDays, firstDayOf, formatDate, formatMonth, lastDayOf, parseDate, yearOfDay, type DayInt, type YearMonth } from '../calendar.ts';
import type { EnrolmentWindow } from '../policy/keys.ts';
import { at } from '../policy/read-at.ts';
import { decide, type Decision, type Situation } from './benefits.ts';
import { shortTransferRule } from './benefits-transfer.ts';
import { ANY_SCHEME, yearHasCover } from './history.ts';

/** The days of an enrolment window in a given year ("MM-last" is the month's last day). */
function windowDays(w: EnrolmentWindow, year: number): [DayInt, DayInt] | null {
  const day = (md: string): DayInt | null => {
    const month = Number(md.slice(0, 2));
    if (md.endsWith('-last')) return lastDayOf(year * 12 + month - 1);
    return parseDate(`${year}-${md}`);
  };
  const from = day(w.from);
  const to = day(w.to);
  return from === null || to === null ? null : [from, to];
}

/** Residents' insurance (docs/rules.md §5; 国办发〔2024〕38号). */
export function decideResident(s: Situation): Decision {
  const { c, t, chain, payDay, P, n } = s;
  const day = at.paymentDate(payDay);
  // An eligible switch with no gap at all is the best case of the same rule.
  if (s.switchEligible && n !== null) {
    const limit = t.need(chain, 'switch.shortLimitMonths', day, '险种切换的短期中断上限');
    if (limit && n <= limit.value) return shortTransferRule(s, 'switch', limit, { kind: 'switch', toScheme: 'resident' }, n);
  }

  // Newborns enrolled within N days of birth wait for nothing and are covered from birth.
  const newborn = t.find(chain, 'resident.newbornExemptDays', day);
  if (newborn) {
    // Without an ID number only the birth month is known: exempt only when certain
    // (counting from the 1st), and say so when it might apply.
    const certain =
      c.person.birthDay !== null
        ? payDay <= addDays(c.person.birthDay, newborn.value)
        : payDay <= addDays(firstDayOf(c.person.birth), newborn.value);
    const possible = payDay <= addDays(lastDayOf(c.person.birth), newborn.value);
    if (certain) {
      t.explain(
        {
          id: 'resident.newborn',
          days: newborn.value,
          birthDay: c.person.birthDay === null ? null : formatDate(c.person.birthDay),
          birthMonth: formatMonth(c.person.birth),
          paymentDate: formatDate(payDay),
          from: formatMonth(P),
        },
        [newborn],
      );
      // Benefits run from the payment month, and costs since birth are covered retroactively.
      return decide('resident-newborn', { waitingMonths: 0, from: P, retroactive: true });
    }
    if (possible) t.explain({ id: 'resident.newborn-check', days: newborn.value }, [newborn]);
  }

  const windowHit = t.need(chain, 'resident.enrolmentWindow', day, '集中参保期和等待期');
  const fixed = t.need(chain, 'resident.waiting.fixedMonths', day, '固定等待期');
  const perYear = t.need(chain, 'resident.waiting.variableMonthsPerGapYear', day, '变动等待期');
  const freeYears = t.need(chain, 'resident.waiting.variableFreeGapYears', day, '变动等待期');
  const repairPer = t.need(chain, 'resident.waiting.repairMonthsPerYear', day, '修复后的变动等待期');
  const floorFrom = t.need(chain, 'resident.waiting.floorFromGapYears', day, '修复后的等待期下限');
  const floorTotal = t.need(chain, 'resident.waiting.floorTotalMonths', day, '修复后的等待期下限');
  const countFrom = t.need(chain, 'resident.waiting.gapYearsCountFrom', day, '断保年数');
  const outsideOffset = t.need(chain, 'resident.waiting.outsideWindowStartOffset', day, '等待期起算月');
  const retro = t.need(chain, 'resident.retroactive', day, '断保期间费用');
  const hits = [windowHit, fixed, perYear, freeYears, repairPer, floorFrom, floorTotal, countFrom, outsideOffset, retro];
  // Which benefit year is being paid for, and was it inside the enrolment window?
  const payYear = yearOfDay(payDay);
  const window = windowHit ? windowDays(windowHit.value, payYear) : null;
  if (
    !windowHit ||
    !window ||
    !fixed ||
    !perYear ||
    !freeYears ||
    !repairPer ||
    !floorFrom ||
    !floorTotal ||
    !countFrom ||
    !outsideOffset
  ) {
    t.explain({ id: 'resident.waiting', variant: 'incomplete' }, hits);
    return decide('resident-waiting', { backPayAllowed: false, retroactive: retro?.value ?? null });
  }
  const inWindow = payDay >= window[0] && payDay <= window[1];
  // A provincial extended payment period in the benefit year itself (docs/rules.md §5): paying then
  // counts like paying in the window, with benefits from the payment month.
  const extendedHit = inWindow ? null : t.find(chain, 'resident.extendedWindow', day);
  const extended = extendedHit ? windowDays(extendedHit.value, payYear) : null;
  const inExtended = extended !== null && payDay >= extended[0] && payDay <= extended[1];
  if (extendedHit && inExtended) hits.push(extendedHit);
  const benefitYear = inWindow ? payYear + 1 : payYear;

  // g: consecutive benefit years without resident or employee cover right before that year.
  let g = 0;
  for (let y = benefitYear - 1; y >= countFrom.value && !yearHasCover(c.history, ANY_SCHEME, y); y--) g++;
  const fixedMonths = !(inWindow || inExtended) || g >= 1 ? fixed.value : 0;
  const variable = Math.max(0, g - freeYears.value) * perYear.value;
  const repaired = Math.min(variable, c.request.residentRepairYears * repairPer.value);
  let waiting = fixedMonths > 0 ? fixedMonths + variable - repaired : 0;
  let floor: { gapYears: number; fromGapYears: number; totalMonths: number } | null = null;
  if (g >= floorFrom.value && waiting < floorTotal.value) {
    waiting = floorTotal.value;
    floor = { gapYears: g, fromGapYears: floorFrom.value, totalMonths: floorTotal.value };
  }
  const start: YearMonth = inWindow ? benefitYear * 12 : inExtended ? P : P + outsideOffset.value;
  const from = start + waiting;
  t.explain(
    {
      id: 'resident.waiting',
      variant: 'computed',
      inWindow,
      window: { from: windowHit.value.from, to: windowHit.value.to },
      extended: inExtended && extendedHit ? { from: extendedHit.value.from, to: extendedHit.value.to } : null,
      benefitYear,
      paymentDate: formatDate(payDay),
      gapYears: g,
      countFrom: countFrom.value,
      fixedMonths,
      variableMonths: variable,
      perGapYear: perYear.value,
      repairYears: c.request.residentRepairYears,
      repairedMonths: repaired,
      floor,
      waiting,
      countsFrom: formatMonth(start),
      from: formatMonth(from),
      retroactive: retro?.value ?? null,
    },
    hits,
  );
  return decide('resident-waiting', { backPayAllowed: false, waitingMonths: waiting, from, retroactive: retro?.value ?? null });
}
