// The region table (GB/T 2260) as the engine sees it: which codes exist, their
// Chinese names, and the lookup chain city → province → CN.

export const COUNTRY = 'CN';

export type RegionLevel = 'country' | 'province' | 'prefecture' | 'county-direct';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
}

export class RegionDirectory {
  readonly #rows = new Map<string, RegionRow>();
  readonly #chains = new Map<string, readonly string[]>();
  readonly #localChains = new Map<string, readonly string[]>();

  constructor(rows: Iterable<RegionRow>) {
    for (const row of rows) this.#rows.set(row.code, row);
    if (!this.#rows.has(COUNTRY)) this.#rows.set(COUNTRY, { code: COUNTRY, name: '全国', level: 'country', parent: null });
  }

  has(code: string): boolean {
    return this.#rows.has(code);
  }

  get(code: string): RegionRow | undefined {
    return this.#rows.get(code);
  }

  name(code: string): string {
    return this.#rows.get(code)?.name ?? code;
  }

  get size(): number {
    return this.#rows.size;
  }

  all(): RegionRow[] {
    return [...this.#rows.values()];
  }

  /** Most specific first, ending in CN: 440300 → [440300, 440000, CN]; 310000 → [310000, CN]. */
  chain(code: string): readonly string[] {
    const cached = this.#chains.get(code);
    if (cached) return cached;
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let row = this.#rows.get(code); row && !seen.has(row.code); row = row.parent ? this.#rows.get(row.parent) : undefined) {
      seen.add(row.code);
      chain.push(row.code);
    }
    if (chain[chain.length - 1] !== COUNTRY) chain.push(COUNTRY);
    this.#chains.set(code, chain);
    return chain;
  }

  /** The chain without CN: where a region's own (local) rules can be. */
  localChain(code: string): readonly string[] {
    let local = this.#localChains.get(code);
    if (!local) this.#localChains.set(code, (local = this.chain(code).filter((c) => c !== COUNTRY)));
    return local;
  }

  /** Province code of a region ("440300" → "440000"). */
  province(code: string): string | null {
    const chain = this.chain(code);
    return chain.find((c) => this.#rows.get(c)?.level === 'province') ?? null;
  }

  /** For an unknown county-level code, the pooling region the clerk probably meant. */
  suggestPoolingRegion(code: string): string | null {
    if (!/^\d{6}$/.test(code)) return null;
    for (const candidate of [`${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
      const row = this.#rows.get(candidate);
      if (row && candidate !== code) {
        // A municipality's districts (3101xx) belong to the municipality itself.
        return row.code;
      }
    }
    return null;
  }
}
