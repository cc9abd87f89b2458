// Everything a lookup touches is recorded here: the rows used (for citations and the
// policy hash), and the warnings the rules require (MISSING_PARAMETER,
// POLICY_EXPIRED, UNVERIFIED_SOURCE, …). The engine never reads the policy set
// directly, so no figure can escape its citation.
import type { Citation, Explanation, Warning, WarningCode } from '../assessment.ts';
import { formatDate } from '../calendar.ts';
import type { ExplanationFacts } from '../explain/facts.ts';
import { explanationText, warningZh } from '../explain/zh.ts';
import { keyLabel, type PolicyKey, type PolicyValue, type ReadAtOf } from '../policy/keys.ts';
import { WEAK_GRADES, type LookupHit, type PolicyRow, type PolicySet, type Timeline, segmentIndex } from '../policy/policy-set.ts';
import type { ReadDay } from '../policy/read-at.ts';
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

/** What the engine reads: the value in the form it computes with, and the row it comes from. */
export interface PolicyHit<T = unknown> {
  value: T;
  row: PolicyRow;
  region: string;
}

/** Anything an explanation can cite. */
export type Cited = { row: PolicyRow };

const engineHits = new WeakMap<LookupHit, PolicyHit<unknown>>();

/** The engine's view of a lookup hit (made once per hit; the hit holds the schema's output). */
function policyHit<T>(hit: LookupHit | null): PolicyHit<T> | null {
  // A value the library cannot use is no answer (docs/rules.md §0.5): never read as 0.
  if (!hit || hit.invalid !== null) return null;
  let made = engineHits.get(hit);
  if (!made) engineHits.set(hit, (made = { value: hit.exact, row: hit.row, region: hit.region }));
  // PolicySet parsed `hit.exact` with the schema of the key the caller asked for.
  return made as PolicyHit<T>;
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
  readonly #spans = new Map<readonly string[], Map<string, { timeline: Timeline; index: number }>>();
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
        () => warningZh.unverifiedSource(keyLabel(row.key), this.#regions.name(row.region), row.document.number, row.grade),
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
  find<K extends PolicyKey>(chain: readonly string[], key: K, day: ReadDay<ReadAtOf<K>>): PolicyHit<PolicyValue<K>> | null {
    return this.#read(chain, key, day);
  }

  /** Whether the last read looked the answer up afresh (false: reused from the interval). */
  #fresh = false;

  /**
   * Months are read in ascending order: while a day stays inside the interval of the
   * previous answer, that answer (already cited and warned about) is reused, and
   * `fresh` is false.
   */
  #read<K extends PolicyKey>(chain: readonly string[], key: K, day: ReadDay<ReadAtOf<K>>): PolicyHit<PolicyValue<K>> | null {
    let byKey = this.#spans.get(chain);
    if (!byKey) this.#spans.set(chain, (byKey = new Map()));
    let cursor = byKey.get(key);
    if (!cursor) byKey.set(key, (cursor = { timeline: this.#policies.timeline(chain, key), index: -1 }));
    const current = cursor.timeline[cursor.index];
    if (current && current.start <= day && day < current.end) {
      this.lastEnd = current.end;
      this.#fresh = false;
      return policyHit<PolicyValue<K>>(current.result.hit);
    }
    cursor.index = segmentIndex(cursor.timeline, day);
    const segment = cursor.timeline[cursor.index] ?? cursor.timeline[0];
    this.lastEnd = segment.end;
    const result = segment.result;
    for (const expired of result.expired) {
      if (expired.endedBy !== 'document') continue;
      this.warn(
        'POLICY_EXPIRED',
        () =>
          warningZh.policyExpired({
            regionName: this.#regions.name(expired.region),
            document: expired.row.document.number,
            title: expired.row.document.title,
            endedOn: expired.endedOn,
            day: formatDate(day),
            label: keyLabel(key),
            fallbackRegionName: result.hit ? this.#regions.name(result.hit.region) : null,
          }),
        key,
        expired.region,
        expired.row.document.number,
      );
    }
    this.#fresh = true;
    this.#invalid = false;
    const hit = result.hit;
    if (hit && hit.invalid !== null) {
      this.#invalid = true;
      this.warn(
        'MISSING_PARAMETER',
        () =>
          warningZh.invalidValue({
            regionName: this.#regions.name(hit.region),
            document: hit.row.document.number,
            label: keyLabel(key),
            value: JSON.stringify(hit.row.value) ?? String(hit.row.value),
            reason: hit.invalid ?? '',
          }),
        key,
        hit.region,
        hit.row.document.number,
      );
    } else if (hit) this.use(hit);
    return policyHit<PolicyValue<K>>(hit);
  }

  /** Whether the last fresh read found a value it could not use (already warned about). */
  #invalid = false;

  /** Like find, but a miss is a MISSING_PARAMETER warning naming what depends on it. */
  need<K extends PolicyKey>(
    chain: readonly string[],
    key: K,
    day: ReadDay<ReadAtOf<K>>,
    dependentFigure: string | (() => string),
  ): PolicyHit<PolicyValue<K>> | null {
    const hit = this.#read(chain, key, day);
    if (!hit && this.#fresh && !this.#invalid) {
      this.warn(
        'MISSING_PARAMETER',
        () =>
          warningZh.missingParameter({
            day: formatDate(day),
            label: keyLabel(key),
            chainNames: chain.map((r) => this.#regions.name(r)),
            dependent: typeof dependentFigure === 'string' ? dependentFigure : dependentFigure(),
          }),
        key,
        chain[0],
      );
    }
    return hit;
  }

  /** A MISSING_PARAMETER for a key that has no usable row (when the caller looked for alternatives first). */
  missing<K extends PolicyKey>(chain: readonly string[], key: K, day: ReadDay<ReadAtOf<K>>, dependentFigure: string): void {
    this.warn(
      'MISSING_PARAMETER',
      () =>
        warningZh.missingParameter({
          day: formatDate(day),
          label: keyLabel(key),
          chainNames: chain.map((r) => this.#regions.name(r)),
          dependent: dependentFigure,
        }),
      key,
      chain[0],
    );
  }

  /** Records an explanation: its facts, their wording (src/core/explain/zh.ts) and the rows cited. */
  explain(facts: ExplanationFacts, hits: ReadonlyArray<Cited | null | undefined> = []): void {
    const citations: Citation[] = [];
    const seen = new Set<string>();
    for (const hit of hits) {
      if (!hit || seen.has(hit.row.id)) continue;
      seen.add(hit.row.id);
      citations.push(citationOf(hit.row));
    }
    this.explanations.push({ id: facts.id, text: explanationText(facts), facts, citations });
  }

  /** Content hash of the rows this assessment used (sorted by id). */
  policyVersion(): string {
    const used = [...this.used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const cacheKey = used.map(([id]) => id).join('\u0000');
    let versionCache = versionCaches.get(this.#policies);
    if (!versionCache) versionCaches.set(this.#policies, (versionCache = new Map()));
    let version = versionCache.get(cacheKey);
    if (!version) {
      version = sha256Hex(used.map(([, row]) => rowHash(row)).join('\n'));
      if (versionCache.size > 10_000) versionCache.clear();
      versionCache.set(cacheKey, version);
    }
    return version;
  }
}
