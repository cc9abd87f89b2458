// The policy library in memory: dated, cited rows indexed by (key, region), looked
// up along the region chain at a given day. A row outside its dates, or whose
// document has ended, does not exist for that lookup (docs/rules.md §0.3).
import { addDays, formatDate, parseDate, type DayInt } from '../calendar.ts';
import { parsePolicyValue, type PolicyInput, type PolicyKey } from './keys.ts';

export const GRADES = ['A', 'B', 'C', 'D', 'V', 'S', 'UNVERIFIED', 'CONV'] as const;
export type Grade = (typeof GRADES)[number];
/** Grades whose figures carry UNVERIFIED_SOURCE (docs/rules.md §0.5). */
export const WEAK_GRADES: ReadonlySet<Grade> = new Set(['D', 'UNVERIFIED']);
/** Grades whose figures the printed sheet never states as fact (issue 20): commentary, secondary summaries, unverified. */
export const UNCONFIRMED_GRADES: ReadonlySet<Grade> = new Set(['D', 'S', 'UNVERIFIED']);

export const GRADE_ZH: Record<Grade, string> = {
  A: 'A 级（官方法律文本的忠实副本）',
  B: 'B 级（政府网站）',
  C: 'C 级（非政府网站转载的官方文本）',
  D: 'D 级（第三方解读，未核实）',
  V: 'V 级（已见官方原文）',
  S: 'S 级（可信的二手来源）',
  UNVERIFIED: '未核实',
  CONV: '本产品约定（无法规明文，按规则说明书默认）',
};

export interface PolicyDocument {
  id: string;
  /** 文号, e.g. 医保办发〔2021〕43号 */
  number: string;
  title: string;
  issuer: string | null;
  url: string | null;
  effectiveFrom: string | null;
  /** The document's own end of validity (e.g. a three-year measure). */
  effectiveTo: string | null;
  kind: 'law' | 'convention';
}

export interface PolicyRow {
  id: string;
  region: string;
  key: string;
  value: unknown;
  effectiveFrom: string;
  effectiveTo: string | null;
  document: PolicyDocument;
  article: string | null;
  /** Where the text was read (may differ from the document's official URL). */
  url: string | null;
  grade: Grade;
  lastReviewed: string;
  note: string | null;
}

interface IndexedRow {
  row: PolicyRow;
  /** The row's value through its key's schema (rates in ppm, amounts in fen). */
  value: unknown;
  /** Why the value cannot be used (not exact, ill-typed), when it cannot. */
  invalid: string | null;
  from: DayInt;
  /** Last day the row is in force: the earlier of its own end and its document's end. */
  until: DayInt;
  /** The row's own last day (FOREVER when open). */
  ownEnd: DayInt;
  /** Why it stops: its own window, or the document running out. */
  endedBy: 'row' | 'document' | null;
}

export interface LookupHit<T = unknown> {
  /** The value as stored (what citations show). */
  value: T;
  /** The value through its key's schema: rates in ppm, amounts in fen, months as numbers. */
  exact: unknown;
  /** Why the stored value cannot be used (docs/rules.md §0.5): the figure that needs it is null. */
  invalid: string | null;
  row: PolicyRow;
  region: string;
}

/** A row the library holds but can never use, and why (shown on the 政策库 screen). */
export interface RowProblem {
  row: PolicyRow;
  reason: string;
}

export interface ExpiredAt {
  row: PolicyRow;
  region: string;
  /** ISO day the row or its document stopped applying. */
  endedOn: string;
  endedBy: 'row' | 'document';
}

/** An interval of days [start, end) over which a lookup has one answer. */
export interface Segment {
  start: DayInt;
  end: DayInt;
  result: LookupResult;
}

/** A lookup's intervals in order; there is always at least one (from day 0). */
export type Timeline = readonly [Segment, ...Segment[]];

export interface LookupResult<T = unknown> {
  hit: LookupHit<T> | null;
  /** Chain levels whose rows had all ended before the day asked for (POLICY_EXPIRED). */
  expired: ExpiredAt[];
}

const FOREVER: DayInt = 99991231;

export class PolicyLoadError extends Error {}

export interface PolicySetOptions {
  /**
   * How to treat a stored row that breaks docs/rules.md §0.5. By default the set refuses to load
   * (a library being checked before it is written). With "flag", a library already in the
   * database still loads: an unusable value makes the figures that need it null with
   * MISSING_PARAMETER, never a guess, and the row is listed in `problems`.
   */
  invalidRows?: 'refuse' | 'flag';
}

/**
 * A change of a stored library (an edit, a pack) may not add an unusable row (docs/rules.md §0.5):
 * the library after it must flag no row the library before it did not. Rows already flagged
 * (an older database) stay listed, so the office can still correct them.
 */
export function refuseNewProblems(before: PolicySet, after: PolicySet): void {
  const known = new Set(before.problems.map((p) => p.row.id));
  const added = after.problems.find((p) => !known.has(p.row.id));
  if (added) throw new PolicyLoadError(`政策行 ${added.row.id}（${added.row.region} ${added.row.key}）：${added.reason}`);
}

export class PolicySet {
  readonly rows: readonly PolicyRow[];
  /** Rows that can never be used: not exact, not real dates, or starting after their document ended. */
  readonly problems: RowProblem[] = [];
  /** key → region → rows sorted by start date. */
  readonly #index = new Map<string, Map<string, IndexedRow[]>>();

  constructor(rows: readonly PolicyRow[], options: PolicySetOptions = {}) {
    this.rows = rows;
    const flag = options.invalidRows === 'flag';
    const refuse = (row: PolicyRow, reason: string) => {
      if (!flag) throw new PolicyLoadError(`政策行 ${row.id}（${row.region} ${row.key}）：${reason}`);
      this.problems.push({ row, reason });
    };
    for (const row of rows) {
      const parsed = parsePolicyValue(row.key, row.value);
      if (!parsed.ok) refuse(row, parsed.reason);
      const from = parseDate(row.effectiveFrom);
      const rowTo = row.effectiveTo ? parseDate(row.effectiveTo) : FOREVER;
      const docTo = row.document.effectiveTo ? parseDate(row.document.effectiveTo) : FOREVER;
      if (from === null || rowTo === null || docTo === null) {
        refuse(row, '日期不是真实的日历日期（YYYY-MM-DD）');
        continue;
      }
      if (rowTo < from) {
        refuse(row, '失效日期早于生效日期，该值永远不会适用');
        continue;
      }
      // A row that starts after its document has ended can never apply: not a lookup answer.
      if (docTo < from) {
        this.problems.push({
          row,
          reason: `生效日期 ${row.effectiveFrom} 晚于所引用文件的失效日期 ${row.document.effectiveTo}，该值永远不会适用`,
        });
        continue;
      }
      const until = Math.min(rowTo, docTo);
      // A document that runs out (e.g. a three-year measure) is what POLICY_EXPIRED reports;
      // a row closed by its own window is ordinary supersession.
      const endedBy = until === FOREVER ? null : docTo <= rowTo ? 'document' : 'row';
      let byRegion = this.#index.get(row.key);
      if (!byRegion) this.#index.set(row.key, (byRegion = new Map()));
      let list = byRegion.get(row.region);
      if (!list) byRegion.set(row.region, (list = []));
      list.push({
        row,
        value: parsed.ok ? parsed.value : undefined,
        invalid: parsed.ok ? null : parsed.reason,
        from,
        until,
        ownEnd: rowTo,
        endedBy,
      });
    }
    for (const byRegion of this.#index.values()) {
      for (const [region, list] of byRegion) {
        list.sort((a, b) => a.from - b.from);
        list.reduce((previous, item) => {
          if (previous.ownEnd >= item.from) {
            throw new PolicyLoadError(`政策行 ${previous.row.id} 与 ${item.row.id}（${region} ${item.row.key}）生效期间重叠`);
          }
          return item;
        });
      }
    }
  }

  /** Does any level of the chain hold this key at all (in force or not)? */
  hasKeyInChain(chain: readonly string[], key: string): boolean {
    const byRegion = this.#index.get(key);
    return !!byRegion && chain.some((r) => byRegion.has(r));
  }

  /**
   * The value of `key` in force on `day`, most specific region first. Levels whose
   * rows had all ended before `day` are reported as expired and skipped.
   */
  lookup<K extends PolicyKey>(chain: readonly string[], key: K, day: DayInt): LookupResult<PolicyInput<K>> {
    // The constructor checked every row of `key` against that key's schema.
    return this.segment(chain, key, day).result as LookupResult<PolicyInput<K>>;
  }

  /**
   * The lookup answer at `day` together with the days it holds for: [start, end).
   * Each (chain, key) is resolved once into a timeline of intervals with a constant
   * answer, so the engine's per-month reads are a binary search, or no search at all
   * while a month stays inside the interval it already has.
   */
  segment(chain: readonly string[], key: PolicyKey, day: DayInt): Segment {
    const timeline = this.timeline(chain, key);
    return timeline[segmentIndex(timeline, day)] ?? timeline[0];
  }

  /** All intervals of (chain, key), in order; consecutive intervals touch. */
  timeline(chain: readonly string[], key: PolicyKey): Timeline {
    // Chains are interned arrays (RegionDirectory caches them): look up by identity first.
    let byKey = this.#byChain.get(chain);
    if (!byKey) {
      const chainId = chain.join(',');
      byKey = this.#byChainId.get(chainId);
      if (!byKey) this.#byChainId.set(chainId, (byKey = new Map()));
      this.#byChain.set(chain, byKey);
    }
    let timeline = byKey.get(key);
    if (!timeline) byKey.set(key, (timeline = this.#buildTimeline(chain, key)));
    return timeline;
  }

  readonly #byChain = new WeakMap<readonly string[], Map<string, Timeline>>();
  readonly #byChainId = new Map<string, Map<string, Timeline>>();

  #buildTimeline(chain: readonly string[], key: string): Timeline {
    const byRegion = this.#index.get(key);
    const starts = new Set<DayInt>([0]);
    for (const region of chain) {
      for (const item of byRegion?.get(region) ?? []) {
        starts.add(item.from);
        if (item.until !== FOREVER) starts.add(addDays(item.until, 1));
      }
    }
    const segmentFrom = (start: DayInt): Segment => ({
      start,
      end: Number.POSITIVE_INFINITY,
      result: Object.freeze(this.#slowLookup(chain, key, start)),
    });
    const [first, ...later] = [...starts].sort((a, b) => a - b);
    let last = segmentFrom(first ?? 0);
    const timeline: [Segment, ...Segment[]] = [last];
    for (const start of later) {
      const next = segmentFrom(start);
      if (sameResult(last.result, next.result)) continue;
      last.end = start;
      timeline.push(next);
      last = next;
    }
    return timeline;
  }

  #slowLookup(chain: readonly string[], key: string, day: DayInt): LookupResult {
    const byRegion = this.#index.get(key);
    const expired: ExpiredAt[] = [];
    if (!byRegion) return { hit: null, expired };
    for (const region of chain) {
      const list = byRegion.get(region);
      if (!list) continue;
      let ended: IndexedRow | null = null;
      for (const item of [...list].reverse()) {
        if (item.from > day) continue;
        if (day <= item.until)
          return { hit: { value: item.row.value, exact: item.value, invalid: item.invalid, row: item.row, region }, expired };
        ended ??= item;
      }
      if (ended && ended.endedBy) {
        expired.push({ row: ended.row, region, endedOn: formatDate(ended.until), endedBy: ended.endedBy });
      }
    }
    return { hit: null, expired };
  }
}

/** Index of the interval containing `day` (binary search on starts). */
export function segmentIndex(timeline: Timeline, day: DayInt): number {
  let lo = 0;
  let hi = timeline.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((timeline[mid]?.start ?? Number.POSITIVE_INFINITY) <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function sameResult(a: LookupResult, b: LookupResult): boolean {
  if ((a.hit?.row ?? null) !== (b.hit?.row ?? null) || a.expired.length !== b.expired.length) return false;
  return a.expired.every((e, i) => e.row === b.expired[i]?.row);
}
