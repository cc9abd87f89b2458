// The window's read-only copy of the policy library and the region table, for the same engine
// the services run (see Bootstrap): taken at start, and again after the library changed (an
// edit, an imported pack, or a hall's administrator at another counter). Two refreshes close
// together (a hall's timer and the window's focus): only the newer answer is used
// (src/ui/state/latest.ts), so an older one arriving last never puts back a replaced library.
import { api } from '../api/client.ts';
import type { EngineContext } from '../../core/engine/assess.ts';
import { PolicySet, type PolicyRow } from '../../core/policy/policy-set.ts';
import { RegionDirectory, type RegionRow } from '../../core/regions.ts';
import { Latest } from './latest.ts';

export class LibraryCopy {
  regions = $state.raw<RegionRow[]>([]);
  /** The region table (names, lookup chains, the resolver); CN is 全国. */
  directory = $state.raw(new RegionDirectory([]));
  /** What the engine reads; null until loaded, or when the copy could not be read. */
  engine = $state.raw<EngineContext | null>(null);
  readonly #refreshes: Latest<Awaited<ReturnType<typeof api.bootstrap>>>;

  /** `failed` hears why the library could not be fetched or read. */
  constructor(failed: (message: string) => void) {
    this.#refreshes = new Latest(
      () => api.bootstrap(),
      (boot) => {
        if (!boot.ok) return failed(boot.error.message);
        this.use(boot.value.regions, boot.value.policyRows, failed);
      },
    );
  }

  /** The region table and the engine's copy of the library (at start and after a change). */
  use(regions: RegionRow[], policyRows: PolicyRow[], failed: (message: string) => void): void {
    // Codes are digit strings: plain comparison (localeCompare builds a collator per call).
    this.regions = regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.directory = new RegionDirectory(regions);
    try {
      this.engine = { policies: new PolicySet(policyRows, { invalidRows: 'flag' }), regions: this.directory };
    } catch (error) {
      this.engine = null;
      failed(`政策库副本无法加载，不能核算：${(error as Error).message}`);
    }
  }

  /** After the library changed: a fresh copy (the assessment follows). Resolves once the newest copy is in use. */
  async refresh(): Promise<void> {
    await this.#refreshes.request();
  }
}
