// 联系电话: a mainland mobile number (11 digits from 13x–19x) or a landline with its area
// code (010, 02x or 0xxx, then 7–8 digits, an optional extension). Spaces, hyphens and a
// leading +86 / 0086 are allowed as typed; the number is kept in one written form.

const MOBILE = /^1[3-9]\d{9}$/;
// Area codes: 010 and 02x have three digits, every other one four (0xxx).
const LANDLINE = /^(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})(?:(?:转|ext\.?|#)(\d{1,6}))?$/i;

/** The number in its kept form (`13812345678`, `010-12345678`, `0571-8765432转123`), or null when it is none. */
export function normalizePhone(raw: string): string | null {
  let text = raw.trim().replace(/[\s\u3000]+/g, '');
  text = text.replace(/^(?:\+86|0086)-?/, '');
  const plain = text.replace(/[-－()（）]/g, '');
  if (MOBILE.test(plain)) return plain;
  const land = LANDLINE.exec(text.replace(/[-－()（）]/g, ''));
  if (land) return `${land[1]}-${land[2]}${land[3] ? `转${land[3]}` : ''}`;
  return null;
}

export const PHONE_PROBLEM = '联系电话应为11位手机号或带区号的固定电话，如 010-12345678';

/** Masked for lists: a mobile keeps its first 3 and last 4 digits, a landline its area code and last 4. */
export function maskPhone(phone: string): string {
  if (MOBILE.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const [area, rest = ''] = phone.split('-');
  const number = rest.replace(/转.*$/, '');
  return rest ? `${area}-${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}` : '****';
}
