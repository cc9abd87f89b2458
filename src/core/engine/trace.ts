// Everything a lookup touches is recorded here: the rows used (for citations and the
// policy hash), and the warnings the rules require (MISSING_PARAMETER,
// POLICY_EXPIRED, UNVERIFIED_SOURCE, …). The engine never reads the policy set
// directly, so no figure can escape its citation.
import type { Citation, Explanation, Warning, WarningCode } from '../assessment.ts';
import { formatDate, type DayInt } from '../calendar.ts';
import { POLICY_KEYS } from '../policy/keys.ts';
import {
  WEAK_GRADES,
  type LookupHit,
  type PolicyRow,
  type LookupResult,
  type PolicySet,
  type Segment,
  segmentIndex,
} from '../policy/policy-set.ts';
import { sha256Hex } from '../sha256.ts';
import type { RegionDirectory } from '../regions.ts';

const rowHashCache = new WeakMap<PolicyRow, string>();
/** Per policy set (ids are only unique within one library): used-row ids → version. */
const versionCaches = new WeakMap<PolicySet, Map<string, string>>();

function rowHash(row: PolicyRow): string {
  let hash = rowHashCache.get(row);
  if (!hash) {
    const d = row.document;
    hash = sha256Hex(
      JSON.stringify([
        row.id,
        row.region,
        row.key,
        row.value,
        row.effectiveFrom,
        row.effectiveTo,
        d.number,
        d.title,
        d.effectiveFrom,
        d.effectiveTo,
        row.article,
        row.url,
        row.grade,
      ]),
    );
    rowHashCache.set(row, hash);
  }
  return hash;
}

export function citationOf(row: PolicyRow): Citation {
  return {
    document: row.document.number,
    title: row.document.title,
    article: row.article,
    url: row.url ?? row.document.url,
    grade: row.grade,
    region: row.region,
    key: row.key,
    value: row.value,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    lastReviewed: row.lastReviewed,
    rowId: row.id,
  };
}

export class Trace {
  readonly #policies: PolicySet;
  readonly #regions: RegionDirectory;
  readonly used = new Map<string, PolicyRow>();
  readonly warnings: Warning[] = [];
  readonly #warningKeys = new Set<string>();
  readonly explanations: Explanation[] = [];
  readonly #spans = new Map<readonly string[], Map<string, { timeline: readonly Segment[]; index: number }>>();
  /** End (exclusive) of the interval the last read fell in: how long its answer holds. */
  lastEnd = 0;

  constructor(policies: PolicySet, regions: RegionDirectory) {
    this.#policies = policies;
    this.#regions = regions;
  }

  /** Records a warning once per (code, key, region); the message is built only then. */
  warn(code: WarningCode, message: string | (() => string), key?: string, region?: string, document?: string): void {
    const id = key ? `${code}|${key}|${region ?? ''}` : `${code}||${region ?? ''}|${typeof message === 'string' ? message : message()}`;
    if (this.#warningKeys.has(id)) return;
    this.#warningKeys.add(id);
    const warning: Warning = { code, message: typeof message === 'string' ? message : message() };
    if (key) warning.key = key;
    if (region) warning.region = region;
    if (document) warning.document = document;
    this.warnings.push(warning);
  }

  /** Marks a hit as used for a figure: it is cited, hashed, and its grade checked. */
  use(hit: LookupHit): void {
    const row = hit.row;
    if (this.used.has(row.id)) return;
    this.used.set(row.id, row);
    if (WEAK_GRADES.has(row.grade)) {
      this.warn(
        'UNVERIFIED_SOURCE',
        () =>
          `“${POLICY_KEYS[row.key]?.label ?? row.key}”取自${this.#regions.name(row.region)}${row.document.number}，来源等级 ${row.grade === 'D' ? 'D（第三方解读）' : '未核实'}，以当地医保经办机构核定为准。`,
        row.key,
        row.region,
        row.document.number,
      );
    }
  }

  /**
   * Looks a key up along the chain at `day`. Expired documents on the way raise
   * POLICY_EXPIRED; a hit is marked used. Returns null when nothing is in force.
   */
  find<T>(chain: readonly string[], key: string, day: DayInt): LookupHit<T> | null {
    return this.#read(chain, key, day).hit as LookupHit<T> | null;
  }

  /** Whether the last read looked the answer up afresh (false: reused from the interval). */
  #fresh = false;

  /**
   * Months are read in ascending order: while a day stays inside the interval of the
   * previous answer, that answer (already cited and warned about) is reused, and
   * `fresh` is false.
   */
  #read(chain: readonly string[], key: string, day: DayInt): LookupResult {
    let byKey = this.#spans.get(chain);
    if (!byKey) this.#spans.set(chain, (byKey = new Map()));
    let cursor = byKey.get(key);
    if (!cursor) byKey.set(key, (cursor = { timeline: this.#policies.timeline(chain, key), index: -1 }));
    const current = cursor.timeline[cursor.index];
    if (current && current.start <= day && day < current.end) {
      this.lastEnd = current.end;
      this.#fresh = false;
      return current.result;
    }
    cursor.index = segmentIndex(cursor.timeline, day);
    const segment = cursor.timeline[cursor.index]!;
    this.lastEnd = segment.end;
    const result = segment.result;
    for (const expired of result.expired) {
      if (expired.endedBy !== 'document') continue;
      const next = () => (result.hit ? `改用${this.#regions.name(result.hit.region)}的规定` : '上级也没有有效规定');
      this.warn(
        'POLICY_EXPIRED',
        () =>
          `${this.#regions.name(expired.region)}${expired.row.document.number}《${expired.row.document.title}》已于 ${expired.endedOn} 到期（续期未确认），不再用于 ${formatDate(day)} 的“${POLICY_KEYS[key]?.label ?? key}”；${next()}。`,
        key,
        expired.region,
        expired.row.document.number,
      );
    }
    if (result.hit) this.use(result.hit);
    this.#fresh = true;
    return result;
  }

  /** Like find, but a miss is a MISSING_PARAMETER warning naming what depends on it. */
  need<T>(chain: readonly string[], key: string, day: DayInt, dependentFigure: string | (() => string)): LookupHit<T> | null {
    const hit = this.#read(chain, key, day).hit as LookupHit<T> | null;
    if (!hit && this.#fresh) {
      this.warn(
        'MISSING_PARAMETER',
        () =>
          `政策库中没有在 ${formatDate(day)} 有效的“${POLICY_KEYS[key]?.label ?? key}”（查找范围：${chain.map((r) => this.#regions.name(r)).join(' → ')}），` +
          `因此${typeof dependentFigure === 'string' ? dependentFigure : dependentFigure()}无法计算，显示为空。`,
        key,
        chain[0],
      );
    }
    return hit;
  }

  explain(id: string, text: string, hits: ReadonlyArray<LookupHit | null | undefined> = []): void {
    const citations: Citation[] = [];
    const seen = new Set<string>();
    for (const hit of hits) {
      if (!hit || seen.has(hit.row.id)) continue;
      seen.add(hit.row.id);
      citations.push(citationOf(hit.row));
    }
    this.explanations.push({ id, text, citations });
  }

  /** Content hash of the rows this assessment used (sorted by id). */
  policyVersion(): string {
    const ids = [...this.used.keys()].sort();
    const cacheKey = ids.join('\u0000');
    let versionCache = versionCaches.get(this.#policies);
    if (!versionCache) versionCaches.set(this.#policies, (versionCache = new Map()));
    let version = versionCache.get(cacheKey);
    if (!version) {
      version = sha256Hex(ids.map((id) => rowHash(this.used.get(id)!)).join('\n'));
      if (versionCache.size > 10_000) versionCache.clear();
      versionCache.set(cacheKey, version);
    }
    return version;
  }
}
