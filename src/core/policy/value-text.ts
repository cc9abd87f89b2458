// Policy values as people write and read them at the 政策库 screen and on the command line:
// a rate as "6.5%" (or "0.065"), an amount in 元 with two decimals, months as "3 个月", yes/no
// as 是/否, tiers in a sentence. Parsing only turns the text into the stored form; whether the
// value is exact and allowed is still the key's schema (keys.ts), at every entry.
import { keySpec, type Tier } from './keys.ts';

export type TypedValue = { ok: true; value: unknown } | { ok: false; reason: string };

const normalize = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/** A decimal written as text, moved `shift` places left exactly (no binary rounding): "6.5", 2 → 0.065. */
function decimal(text: string, shift = 0): number | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const digits = `${m[1] ?? ''}${m[2] ?? ''}`;
  const point = (m[1] ?? '').length - shift;
  const whole = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return Number(whole.endsWith('.') ? whole.slice(0, -1) : whole);
}

const YES = new Set(['是', '可以', '可', '允许', 'true', '对']);
const NO = new Set(['否', '不可以', '不可', '不允许', 'false', '不']);

/** The stored value of what was typed for `key`, or why it cannot be read. */
export function parseTypedValue(key: string, typed: string): TypedValue {
  const spec = keySpec(key);
  if (!spec) return { ok: false, reason: `未知的政策参数键 "${key}"` };
  const text = normalize(typed);
  if (!text) return { ok: false, reason: '请填写值' };
  switch (spec.type) {
    case 'rate': {
      const percent = text.endsWith('%');
      const n = decimal(percent ? text.slice(0, -1) : text, percent ? 2 : 0);
      if (n === null) return { ok: false, reason: `费率应写成 6.5% 或 0.065，收到 “${typed.trim()}”` };
      if (!percent && n >= 1) return { ok: false, reason: `费率 ${typed.trim()} 大于 1：如指百分比请写成 ${typed.trim()}%` };
      return { ok: true, value: n };
    }
    case 'yuan': {
      const n = decimal(text.replace(/,/g, '').replace(/元(\/月)?$/, ''));
      return n === null ? { ok: false, reason: `金额应写成元，如 7460 或 584.92，收到 “${typed.trim()}”` } : { ok: true, value: n };
    }
    case 'int':
    case 'year': {
      const m = /^(\d+)(个月|月|天|日|年)?$/.exec(text);
      return m ? { ok: true, value: Number(m[1]) } : { ok: false, reason: `应为整数，收到 “${typed.trim()}”` };
    }
    case 'bool':
      if (YES.has(text)) return { ok: true, value: true };
      if (NO.has(text)) return { ok: true, value: false };
      return { ok: false, reason: `应为 是 或 否，收到 “${typed.trim()}”` };
    default:
      try {
        return { ok: true, value: JSON.parse(typed) };
      } catch {
        return { ok: false, reason: `应为 JSON，如 ${spec.type === 'window' ? '{"from":"09-01","to":"12-31"}' : '[…]'}` };
      }
  }
}

/** A rate stored as a decimal, as a percentage: 0.065 → "6.5%" (exact: through parts per million). */
export function percentText(rate: number): string {
  const ppm = Math.round(rate * 1_000_000);
  const whole = Math.trunc(ppm / 10_000);
  const fraction = String(Math.abs(ppm % 10_000))
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

/** An amount in yuan as "7,460.00 元". */
export function yuanText(amount: number): string {
  return `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

const yesNo = (b: unknown) => (b === true ? '是' : b === false ? '否' : '未定');
const offsetText = (n: number | null) => (n === null ? '未定' : n === 0 ? '缴费当月' : n === 1 ? '次月' : `缴费后第 ${n} 个月`);

/** One tier of an interruption rule as a sentence. */
export function tierText(t: Tier, previous: number | null): string {
  const range =
    previous === null
      ? t.upToMonths === null
        ? '超过短期上限的中断'
        : `中断不超过 ${t.upToMonths} 个月`
      : t.upToMonths === null
        ? `中断超过 ${previous} 个月`
        : `中断 ${previous + 1}–${t.upToMonths} 个月`;
  const waiting =
    t.waitingMonths !== null
      ? t.waitingMonths === 0
        ? `无等待期，${offsetText(t.startOffset)}起享受待遇`
        : `等待期 ${t.waitingMonths} 个月${t.startOffsetAfterWaiting ? `，等待期满后${t.startOffsetAfterWaiting === 1 ? '次月' : `第 ${t.startOffsetAfterWaiting} 个月`}起享受待遇` : ''}`
      : t.asFirstEnrolment
        ? '视为首次参保'
        : `等待期最长 ${t.waitingMonthsMax ?? '?'} 个月`;
  return `${range}：${t.backPayAllowed === null ? '' : t.backPayAllowed ? '可补缴，' : '不可补缴，'}${waiting}，中断期间待遇${t.retroactive ? '可追溯' : t.retroactive === false ? '不追溯' : '未定'}`;
}

/** A stored value as people read it, in the key's unit. */
export function formatPolicyValue(key: string, value: unknown): string {
  const spec = keySpec(key);
  if (!spec) return JSON.stringify(value);
  if (value === null || value === undefined) return '—';
  if (key.endsWith('startOffset') && typeof value === 'number') return offsetText(value);
  switch (spec.type) {
    case 'rate':
      return typeof value === 'number' ? percentText(value) : JSON.stringify(value);
    case 'yuan':
      return typeof value === 'number' ? `${yuanText(value)}${spec.unit === '元/月' ? '/月' : ''}` : JSON.stringify(value);
    case 'int':
      if (typeof value !== 'number') return JSON.stringify(value);
      return spec.unit === '月' ? `${value} 个月` : spec.unit === '天' ? `${value} 天` : spec.unit === '年' ? `${value} 年` : String(value);
    case 'year':
      return `${String(value)} 年`;
    case 'bool':
      return yesNo(value);
    case 'tiers': {
      if (!Array.isArray(value)) return JSON.stringify(value);
      let previous: number | null = null;
      return (value as Tier[])
        .map((t) => {
          const line = tierText(t, previous);
          previous = t.upToMonths;
          return line;
        })
        .join('；');
    }
    case 'levies':
      return Array.isArray(value)
        ? (value as Array<{ name?: unknown; rate?: unknown; amount?: unknown }>)
            .map((l) =>
              typeof l.amount === 'number'
                ? `${String(l.name)} 定额 ${l.amount.toFixed(2)} 元/月`
                : `${String(l.name)} ${typeof l.rate === 'number' ? percentText(l.rate) : '?'}`,
            )
            .join(' + ')
        : JSON.stringify(value);
    case 'window': {
      const w = value as { from?: string; to?: string };
      return `每年 ${w.from ?? '?'} 至 ${w.to ?? '?'}`.replace(/-last/g, ' 月底');
    }
    default:
      return JSON.stringify(value);
  }
}

/** What the value input shows for a stored value (the form it is typed in). */
export function typedText(key: string, value: unknown): string {
  const spec = keySpec(key);
  if (value === null || value === undefined) return '';
  if (spec?.type === 'rate' && typeof value === 'number') return percentText(value);
  if (spec?.type === 'bool') return value === true ? '是' : '否';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
