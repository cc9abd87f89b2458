// Person checks: birth month against the handling day, the ID number (./id.ts), and the
// retirement category against sex.
import { monthOfDay, parseMonth, type DayInt, type YearMonth } from '../calendar.ts';
import type { Parsed, PERSON_FIELDS, Report } from './fields.ts';
import { checkId } from './id.ts';

export interface CheckedPerson {
  birth: YearMonth | null;
  idNumber: string | null;
  birthDay: DayInt | null;
}

export function checkPerson(
  person: Parsed<typeof PERSON_FIELDS> | null,
  asOf: DayInt | null,
  asOfText: string | null,
  err: Report,
): CheckedPerson {
  const birth = person?.birth ? parseMonth(person.birth) : null;
  if (person && birth !== null && asOf !== null && birth > monthOfDay(asOf))
    err('person.birth', `出生年月 ${person.birth} 晚于办理日期 ${asOfText}`);
  const idNumber = person?.idNumber ? person.idNumber.trim().toUpperCase() : null;
  const birthDay = idNumber === null ? null : checkId(idNumber, person, birth, err);
  if (person?.sex === 'male' && person.retirementCategory && person.retirementCategory !== 'male') {
    err('person.retirementCategory', `男性的退休类别只能是 male，收到 "${person.retirementCategory}"`, '男性的退休类别只能是“男职工”');
  }
  if (person?.sex === 'female' && person.retirementCategory === 'male') {
    err(
      'person.retirementCategory',
      '女性的退休类别应为 female-55 或 female-50，收到 "male"',
      '请选择女职工的退休类别（原55周岁或原50周岁）',
    );
  }
  return { birth, idNumber, birthDay };
}
