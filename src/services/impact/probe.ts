// Which saved cases can a change of the policy library change at all? The engine reads the
// library only through PolicySet.timeline(chain, key) (src/core/engine/trace.ts), and it is a pure
// function of the case and of what those reads answer. This probe is the current library with one
// difference: where the proposed library would answer a read differently, the answer is handed out
// by a getter that notes it. An assessment with the probe is the current assessment; if it never
// took a differing answer, the assessment with the proposed library is the same, and only the
// cases that did are assessed again (tests/unit/impact.test.ts checks this against assessing every
// case twice).
import { PolicySet, type LookupResult, type Segment, type Timeline } from '../../core/policy/policy-set.ts';
import type { PolicyKey } from '../../core/policy/keys.ts';

/** Whether two lookup answers give the engine the same values (rows may differ in their citation or end). */
export function sameAnswer(a: LookupResult, b: LookupResult): boolean {
  if (a === b) return true;
  if ((a.hit === null) !== (b.hit === null)) return false;
  if (a.hit && b.hit) {
    if (a.hit.row.id !== b.hit.row.id || a.hit.region !== b.hit.region || a.hit.invalid !== b.hit.invalid) return false;
    if (JSON.stringify(a.hit.exact) !== JSON.stringify(b.hit.exact)) return false;
  }
  if (a.expired.length !== b.expired.length) return false;
  return a.expired.every((e, i) => {
    const f = b.expired[i];
    return !!f && e.row.id === f.row.id && e.region === f.region && e.endedOn === f.endedOn && e.endedBy === f.endedBy;
  });
}

const resultAt = (timeline: Timeline, day: number): LookupResult => {
  let found = timeline[0].result;
  for (const segment of timeline) {
    if (segment.start > day) break;
    found = segment.result;
  }
  return found;
};

export class ImpactProbe extends PolicySet {
  /** Set when an assessment took an answer the proposed library would give differently. */
  touched = false;
  readonly #current: PolicySet;
  readonly #proposed: PolicySet;
  readonly #merged = new WeakMap<readonly string[], Map<string, Timeline>>();

  constructor(current: PolicySet, proposed: PolicySet) {
    super(current.rows, { invalidRows: 'flag' });
    this.#current = current;
    this.#proposed = proposed;
  }

  override hasKeyInChain(chain: readonly string[], key: string): boolean {
    const answer = this.#current.hasKeyInChain(chain, key);
    if (answer !== this.#proposed.hasKeyInChain(chain, key)) this.touched = true;
    return answer;
  }

  override timeline(chain: readonly string[], key: PolicyKey): Timeline {
    let byKey = this.#merged.get(chain);
    if (!byKey) this.#merged.set(chain, (byKey = new Map()));
    let timeline = byKey.get(key);
    if (!timeline) byKey.set(key, (timeline = this.#merge(chain, key)));
    return timeline;
  }

  /** The current timeline, split where the proposed one starts a new answer; differing answers are noted when read. */
  #merge(chain: readonly string[], key: PolicyKey): Timeline {
    const current = this.#current.timeline(chain, key);
    const proposed = this.#proposed.timeline(chain, key);
    const alike =
      current.length === proposed.length &&
      current.every((s, i) => {
        const p = proposed[i];
        return !!p && p.start === s.start && p.end === s.end && sameAnswer(s.result, p.result);
      });
    if (alike) return current;
    const starts = [...new Set([...current, ...proposed].map((s) => s.start))].sort((a, b) => a - b);
    const touch = () => {
      this.touched = true;
    };
    const segments = starts.map((start, i): Segment => {
      const end = starts[i + 1] ?? Number.POSITIVE_INFINITY;
      const result = resultAt(current, start);
      if (sameAnswer(result, resultAt(proposed, start))) return { start, end, result };
      return {
        start,
        end,
        get result() {
          touch();
          return result;
        },
      };
    });
    const [first, ...rest] = segments;
    if (!first) return current;
    return [first, ...rest];
  }
}
