// A name must print exactly as it is stored (issue 12): characters that are invisible or that
// reorder the text around them would make the printed sheet say something else than the saved
// case (a right-to-left override turns "‮三张 ABC" into "CBA 张三"; a name of only U+200B
// prints blank). They are refused where the name enters, with a Chinese message; real names —
// rare characters outside the BMP, private-use characters of local character sets, the middle
// dot of minority names, variation selectors — are accepted.

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** Marks, embeddings, overrides and isolates that change the direction of the text. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Characters that take no space: zero-width space and joiners, word joiner and invisible operators, BOM, soft hyphen, Mongolian vowel separator, tags. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff\u{e0000}-\u{e007f}]/u;

/**
 * Fillers that print as a blank space though they are not white space (issue 22): Hangul fillers
 * (U+115F, U+1160, U+3164, U+FFA0), the blank Braille pattern (U+2800), the combining grapheme
 * joiner (U+034F) and the Khmer inherent vowels (U+17B4, U+17B5). A name of them prints blank.
 */
const BLANK_FILLER = /\u034f|\u115f|\u1160|\u17b4|\u17b5|\u2800|\u3164|\uffa0/u;

/** Why a name cannot be accepted, in Chinese; null when it can. */
export function nameProblem(name: string): string | null {
  if (CONTROL.test(name)) return '姓名含有不可打印的控制字符（如换行、制表符），请删除后重新输入';
  if (BIDI.test(name)) return '姓名含有改变文字方向的控制字符（打印出来会与输入的不同），请删除后重新输入';
  if (INVISIBLE.test(name)) return '姓名含有看不见的字符（零宽字符等），打印出来会与输入的不同，请删除后重新输入';
  if (BLANK_FILLER.test(name)) return '姓名含有打印出来是空白的填充字符（如朝鲜文填充符、空白盲文），请删除后重新输入';
  if (name.trim().length === 0) return '姓名不能为空';
  return null;
}
