// The ID number (身份证号) on its own (shape, birth date, GB 11643 check digit) and
// against the birth month and sex typed beside it.
import { formatDate, monthOfDay, type DayInt, type YearMonth } from '../calendar.ts';
import { checkIdNumber } from '../idcard.ts';
import { LABELS, type Parsed, type PERSON_FIELDS, type Report } from './fields.ts';

/** The window's words for an ID number of the wrong shape: its length, or the first character that cannot be there. */
function idShapePlain(id: string): string {
  const chars = [...id];
  if (chars.length !== 18) return `身份证号应为18位：前17位是数字，末位是数字或 X（现为${chars.length}位）`;
  const bad = chars.findIndex((ch, i) => !(/\d/.test(ch) || (i === 17 && ch === 'X')));
  return `身份证号第${bad + 1}位“${chars[bad] ?? ''}”不是数字（只有末位可以是 X），请核对`;
}

/** Checks the (trimmed, upper-cased) ID number; returns the birth day it carries when it is valid. */
export function checkId(
  idNumber: string,
  person: Parsed<typeof PERSON_FIELDS> | null,
  birth: YearMonth | null,
  err: Report,
): DayInt | null {
  const check = checkIdNumber(idNumber);
  if (!check.ok) {
    if (check.reason === 'shape')
      err('person.idNumber', `身份证号应为18位（前17位数字，末位为数字或 X），收到 "${idNumber}"`, idShapePlain(idNumber));
    else if (check.reason === 'birth')
      err(
        'person.idNumber',
        `身份证号第7–14位不是有效的出生日期：${idNumber.slice(6, 14)}`,
        `身份证号中的出生日期 ${idNumber.slice(6, 14)} 不存在`,
      );
    else
      err(
        'person.idNumber',
        `身份证号校验位不符（GB 11643）：末位应为 "${check.expectedCheck}"，收到 "${idNumber[17]}"`,
        // Not "the last digit should be …": the wrong digit may be any of the 18 (issue 21).
        '身份证号校验不通过：号码中有数字录错，请对照证件逐位核对',
      );
    return null;
  }
  if (person && birth !== null && monthOfDay(check.birthDay) !== birth)
    err('person.birth', `出生年月 ${person.birth} 与身份证号中的出生日期 ${formatDate(check.birthDay)} 不一致`);
  if (person?.sex && check.sex !== person.sex) {
    const idSex = check.sex === 'male' ? '奇数，男' : '偶数，女';
    err(
      'person.sex',
      `性别 ${LABELS[person.sex]} 与身份证号第17位（${idSex}）不一致`,
      `性别“${person.sex === 'male' ? '男' : '女'}”与身份证号第17位（${idSex}）不一致`,
    );
  }
  return check.birthDay;
}
