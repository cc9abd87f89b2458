// The region table (GB/T 2260) as the engine sees it: which codes exist, their
// Chinese names, the lookup chain city → province → CN, and the one resolver of what a
// clerk types for a region (a code, a full name, a short name, province + city).

export const COUNTRY = 'CN';

export type RegionLevel = 'country' | 'province' | 'prefecture' | 'county-direct';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
}

/** What a typed region reads as: a known code, or a message saying why not. */
export type RegionResolution = { ok: true; code: string; name: string } | { ok: false; message: string };

// Ethnic names inside autonomous prefectures' names (延边朝鲜族自治州 → 延边), so the
// short name a clerk says can be found; stripped only while at least two characters remain.
const ETHNIC = /(朝鲜|土家|苗|黎|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|维吾尔|柯尔克孜|哈萨克)族?$/;

/** The name people say: 南京市 → 南京, 广西壮族自治区 → 广西, 大兴安岭地区 → 大兴安岭, 吉林省 → 吉林. */
export function shortRegionName(name: string): string {
  let short = name.replace(/(特别行政区|自治区|自治州|自治县|省|市|地区|盟)$/, '');
  for (let next = short.replace(ETHNIC, ''); next !== short && next.length >= 2; next = short.replace(ETHNIC, '')) short = next;
  return short.length >= 2 ? short : name;
}

export class RegionDirectory {
  readonly #rows = new Map<string, RegionRow>();
  readonly #chains = new Map<string, readonly string[]>();
  readonly #localChains = new Map<string, readonly string[]>();
  /** Full and short names → rows (built on the first name lookup). */
  #names: Map<string, RegionRow[]> | null = null;

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

  /**
   * What the clerk typed for a region, in every place a region is typed (参保地, grid,
   * paste, import, the policy filter): a 6-digit code, a full name (南京市), a short name
   * (南京), province and city (江苏南京, 江苏省南京市), an autonomous prefecture by its
   * place name (延边, 延边州). An unknown or ambiguous name gets a message, never a guess.
   * Blank text is null: whether a blank is allowed is the caller's business.
   */
  resolve(typed: string): RegionResolution | null {
    const text = typed.normalize('NFKC').replace(/\s+/g, '');
    if (text === '') return null;
    if (/^\d{6}$/.test(text)) return this.#resolveCode(text);
    const names = this.#nameIndex();
    const found = (rows: RegionRow[]) => [...new Map(rows.filter((r) => r.code !== COUNTRY).map((r) => [r.code, r])).values()];
    let matches = found(names.get(text) ?? []);
    if (!matches.length && text.endsWith('州'))
      matches = found(names.get(text.slice(0, -1)) ?? []).filter((r) => r.name.endsWith('自治州'));
    if (!matches.length) {
      // Province then city: 江苏南京, 江苏省南京市, 吉林吉林.
      for (const province of this.#rows.values()) {
        if (province.level !== 'province') continue;
        for (const prefix of new Set([province.name, shortRegionName(province.name)])) {
          const rest = text.startsWith(prefix) ? text.slice(prefix.length) : '';
          if (rest) matches.push(...found(names.get(rest) ?? []).filter((r) => r.parent === province.code));
        }
      }
      matches = found(matches);
    }
    if (!matches.length && [...text].length >= 2) matches = found(this.all().filter((r) => r.name.startsWith(text)));
    if (matches.length === 1) {
      const [row] = matches as [RegionRow];
      return { ok: true, code: row.code, name: row.name };
    }
    if (matches.length > 1) {
      const listed = matches
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map((r) => `${r.name}（${r.code}）`)
        .join('、');
      return { ok: false, message: `“${typed.trim()}”可指${listed}，请输入全称或6位代码` };
    }
    return { ok: false, message: `找不到地区“${typed.trim()}”：请输入地级市、直辖市或省的名称（如 南京、上海）或6位地区代码` };
  }

  #resolveCode(code: string): RegionResolution {
    const row = this.#rows.get(code);
    if (row && code !== COUNTRY) return { ok: true, code, name: row.name };
    const suggestion = this.suggestPoolingRegion(code);
    return {
      ok: false,
      message: suggestion
        ? `地区代码 ${code} 是区县级代码，不是统筹区；是否应为 ${suggestion}（${this.name(suggestion)}）？`
        : `地区代码 ${code} 不在区划代码表（省级、地级）中`,
    };
  }

  #nameIndex(): Map<string, RegionRow[]> {
    if (this.#names) return this.#names;
    const index = new Map<string, RegionRow[]>();
    const add = (key: string, row: RegionRow) => {
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    };
    for (const row of this.#rows.values()) {
      add(row.name, row);
      const short = shortRegionName(row.name);
      if (short !== row.name) add(short, row);
    }
    this.#names = index;
    return index;
  }
}
