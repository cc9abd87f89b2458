// Money is integer fen; rates are integer parts per million (ppm). All products are
// exact integers, and rounding is half-up on the exact quotient, so no float drift
// can move a fen.

export type Fen = number;
/** A rate in parts per million: 0.09 → 90000, 0.0005 → 500. */
export type Ppm = number;

export const PPM = 1_000_000;

/** Round-half-up of numerator / denominator for non-negative integers. */
export function roundHalfUpDiv(numerator: number, denominator: number): number {
  if (numerator < 0 || denominator <= 0) throw new RangeError('roundHalfUpDiv expects numerator ≥ 0, denominator > 0');
  if (numerator > Number.MAX_SAFE_INTEGER) {
    // Exact fallback for products beyond 2^53 (only for extreme inputs).
    const n = BigInt(numerator);
    const d = BigInt(denominator);
    const q = n / d;
    return Number(2n * (n - q * d) >= d ? q + 1n : q);
  }
  const q = Math.floor(numerator / denominator);
  const r = numerator - q * denominator;
  return 2 * r >= denominator ? q + 1 : q;
}

/** Exact product of integers, falling back to BigInt when it would exceed 2^53. */
function exactProductDiv(factors: number[], denominator: number): number {
  let product = 1;
  for (const f of factors) product *= f;
  if (product <= Number.MAX_SAFE_INTEGER) return roundHalfUpDiv(product, denominator);
  let big = 1n;
  for (const f of factors) big *= BigInt(f);
  const d = BigInt(denominator);
  const q = big / d;
  return Number(2n * (big - q * d) >= d ? q + 1n : q);
}

/** Yuan (a JSON number with at most 2 decimals) → fen; null if not representable. */
export function yuanToFen(yuan: number): Fen | null {
  if (!Number.isFinite(yuan)) return null;
  const scaled = yuan * 100;
  const fen = Math.round(scaled);
  return Math.abs(scaled - fen) < 1e-6 ? fen : null;
}

/** A decimal rate (0.065) → ppm (65000); null if it has more than 6 decimals. */
export function rateToPpm(rate: number): Ppm | null {
  if (!Number.isFinite(rate) || rate < 0) return null;
  const scaled = rate * PPM;
  const ppm = Math.round(scaled);
  return Math.abs(scaled - ppm) < 1e-6 ? ppm : null;
}

/** base (fen) × rate (ppm), rounded half-up to the fen. */
export function applyRate(baseFen: Fen, ratePpm: Ppm): Fen {
  return exactProductDiv([baseFen, ratePpm], PPM);
}

/** principal (fen) × daily rate (ppm) × days, rounded half-up to the fen. */
export function applyDailyRate(principalFen: Fen, dailyPpm: Ppm, days: number): Fen {
  if (days <= 0) return 0;
  return exactProductDiv([principalFen, dailyPpm, days], PPM);
}

/** "2,160.00" */
export function formatFen(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  let grouped = String(yuan);
  for (let i = grouped.length - 3; i > 0; i -= 3) grouped = `${grouped.slice(0, i)},${grouped.slice(i)}`;
  return `${negative ? '-' : ''}${grouped}.${cents < 10 ? '0' : ''}${cents}`;
}

/** "9%" / "6.5%" / "0.05%" from ppm, without trailing zeros. */
export function formatPpmPercent(ppm: Ppm): string {
  // ppm / 10000 = percent; keep up to 4 decimals of percent exactly.
  const whole = Math.floor(ppm / 10000);
  const frac = ppm % 10000;
  if (frac === 0) return `${whole}%`;
  return `${whole}.${String(frac).padStart(4, '0').replace(/0+$/, '')}%`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;
/** Groups of four digits from the right; 2^53 fen is below 10^14 yuan, so four groups suffice. */
const BIG_UNITS = ['', '万', '亿', '万亿'] as const;

/** Chinese capital amount (人民币大写), e.g. 216000 fen → "贰仟壹佰陆拾元整". */
export function fenToChineseCapital(fen: Fen): string {
  if (!Number.isInteger(fen) || fen < 0) throw new RangeError('fenToChineseCapital expects a non-negative integer');
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cent = fen % 10;
  let text = '';
  if (yuan > 0) {
    // Split into groups of four digits from the right (个, 万, 亿, 万亿).
    const groups: number[] = [];
    for (let rest = yuan; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
    let pendingZero = false;
    for (const [g, group] of [...groups.entries()].reverse()) {
      if (group === 0) {
        pendingZero = text.length > 0;
        continue;
      }
      if (text.length > 0 && (pendingZero || group < 1000)) text += '零';
      pendingZero = false;
      let zeroInGroup = false;
      for (const pos of [3, 2, 1, 0] as const) {
        const digit = Math.floor(group / 10 ** pos) % 10;
        if (digit === 0) {
          zeroInGroup = true;
          continue;
        }
        if (zeroInGroup && text.length > 0 && !text.endsWith('零')) {
          // Only a zero between non-zero digits of this group is spoken.
          const higher = Math.floor(group / 10 ** (pos + 1));
          if (higher > 0) text += '零';
        }
        zeroInGroup = false;
        text += DIGITS.charAt(digit) + SMALL_UNITS[pos];
      }
      text += BIG_UNITS[g] ?? '';
    }
    text += '元';
  }
  if (jiao === 0 && cent === 0) return `${text}整`;
  if (jiao > 0) text += `${DIGITS.charAt(jiao)}角`;
  else if (yuan > 0) text += '零';
  if (cent > 0) text += `${DIGITS.charAt(cent)}分`;
  else text += '整';
  return text;
}
