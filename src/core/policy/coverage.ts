// How much of the central questions the library answers, per region (issue 20): eight standard
// fixture cases per city, each assessed by the real engine on the library as it is, and each
// question classed by whether the figures that answer it are known and by the grades of the
// rows they rest on. The office sees at once what to fill in with 本地规则设置 or ask the vendor
// for; the research engineers measure their work with it. The questions, their cases and what
// answers them are declared once (coverage-questions.ts); the CLI, the services and the 政策库
// tab only show them.
import type { Assessment, Citation } from '../assessment.ts';
import { addDays, daysBetween, formatDate, monthOfDay, parseDate } from '../calendar.ts';
import { checkAndAssess } from '../check-and-assess.ts';
import type { RegionDirectory } from '../regions.ts';
import { COVERAGE_QUESTIONS, fixtureCase } from './coverage-questions.ts';
import type { Grade, PolicyRow, PolicySet } from './policy-set.ts';

export { COVERAGE_BASE_YUAN, COVERAGE_QUESTIONS, type CoverageQuestionId } from './coverage-questions.ts';

/** The 36 cities of issue 20: 4 直辖市, 27 省会/首府, 5 计划单列市. */
export const COVERAGE_CITIES = [
  '110000',
  '120000',
  '310000',
  '500000',
  '130100',
  '140100',
  '150100',
  '210100',
  '220100',
  '230100',
  '320100',
  '330100',
  '340100',
  '350100',
  '360100',
  '370100',
  '410100',
  '420100',
  '430100',
  '440100',
  '450100',
  '460100',
  '510100',
  '520100',
  '530100',
  '540100',
  '610100',
  '620100',
  '630100',
  '640100',
  '650100',
  '210200',
  '370200',
  '330200',
  '350200',
  '440300',
] as const;

/**
 * answered from official text (every row used graded A/B/V/C) · answered (some row weaker or a
 * product convention) · only a cap on the waiting period is known · unknown.
 */
export type CoverageStatus = 'official' | 'answered' | 'capOnly' | 'unknown';

export const COVERAGE_STATUS_ZH: Record<CoverageStatus, string> = {
  official: '已作答（官方原文）',
  answered: '已作答（依据待核实或为本产品约定）',
  capOnly: '仅知等待期上限',
  unknown: '未知',
};

/** Grades whose rows count as official text (RESEARCH.md, docs/rules.md §0.7). */
export const OFFICIAL_GRADES: ReadonlySet<Grade> = new Set(['A', 'B', 'V', 'C']);
/** Strongest first: the weakest grade of a question is the last of these among its rows. */
const GRADE_ORDER: readonly Grade[] = ['A', 'B', 'V', 'C', 'S', 'D', 'UNVERIFIED', 'CONV'];

export interface CoverageAnswer {
  id: string;
  label: string;
  status: CoverageStatus;
  /** The weakest grade among the rows the answer rests on (null: none was found). */
  weakestGrade: Grade | null;
  /** What the library does not yet know for it, in Chinese (empty when answered). */
  missing: string[];
  /** The documents (文号) its rows cite. */
  documents: string[];
}

export interface CoverageDocument {
  number: string;
  title: string;
  /** The document's own end of validity, or null. */
  effectiveTo: string | null;
  /** The weakest grade of the rows cited from it. */
  grade: Grade;
}

export interface CoverageExpiry {
  document: string;
  title: string;
  region: string;
  /** Last day the rows apply (their own end or their document's). */
  endsOn: string;
  daysLeft: number;
  keys: string[];
}

export interface CoverageRegion {
  region: string;
  name: string;
  answers: CoverageAnswer[];
  documents: CoverageDocument[];
  /** Rows of the region's lookup chain in force on the as-of date that stop within 90 days. */
  expiring: CoverageExpiry[];
}

export interface CoverageTotals {
  questions: number;
  official: number;
  /** Answered, from official text or not. */
  answered: number;
  capOnly: number;
  unknown: number;
}

export interface CoverageReport {
  asOf: string;
  regions: CoverageRegion[];
  totals: CoverageTotals;
}

const EXPIRY_WINDOW_DAYS = 90;

function weakest(grades: Iterable<Grade>): Grade | null {
  let worst = -1;
  for (const g of grades) worst = Math.max(worst, GRADE_ORDER.indexOf(g));
  return worst < 0 ? null : (GRADE_ORDER[worst] ?? null);
}

const byId = new WeakMap<PolicySet, Map<string, PolicyRow>>();
function rowsById(policies: PolicySet): Map<string, PolicyRow> {
  let map = byId.get(policies);
  if (!map) byId.set(policies, (map = new Map(policies.rows.map((r) => [r.id, r]))));
  return map;
}

const inScope = (keys: readonly string[]) => (c: Citation) => keys.some((k) => c.key === k || c.key.startsWith(k));

function citationsOf(a: Assessment): Citation[] {
  return [...a.explanations.flatMap((e) => e.citations), ...(a.lifetime.topUp?.citations ?? [])];
}

/** One region's answers to the eight questions on `policies` at `asOf` ("YYYY-MM-DD"). */
export function regionCoverage(policies: PolicySet, regions: RegionDirectory, region: string, asOf: string): CoverageRegion {
  const day = parseDate(asOf);
  if (day === null) throw new Error(`日期应为 YYYY-MM-DD，收到 "${asOf}"`);
  const P = monthOfDay(day);
  const documents = new Map<string, CoverageDocument>();
  const answers = COVERAGE_QUESTIONS.map((q): CoverageAnswer => {
    const missing = new Set<string>();
    let capOnly = false;
    const cited: Citation[] = [];
    for (const fixture of q.cases(P)) {
      const checked = checkAndAssess(fixtureCase(fixture, region, asOf), { policies, regions });
      if (!checked.valid) throw new Error(`覆盖情况的示例案件无效（${q.id}）：${checked.errors.map((e) => e.message).join('；')}`);
      const a = checked.assessment;
      const reading = q.read(a);
      for (const m of reading.missing) missing.add(m);
      capOnly ||= reading.capOnly;
      cited.push(...citationsOf(a).filter(inScope(q.keys)));
    }
    const weakestGrade = weakest(cited.map((c) => c.grade));
    for (const c of cited) {
      const known = documents.get(c.document);
      const grade = weakest([c.grade, ...(known ? [known.grade] : [])]) ?? c.grade;
      const effectiveTo = rowsById(policies).get(c.rowId)?.document.effectiveTo ?? null;
      documents.set(c.document, { number: c.document, title: c.title, effectiveTo, grade });
    }
    const answered = missing.size === 0;
    const status: CoverageStatus = answered
      ? cited.every((c) => OFFICIAL_GRADES.has(c.grade))
        ? 'official'
        : 'answered'
      : capOnly
        ? 'capOnly'
        : 'unknown';
    return { id: q.id, label: q.label, status, weakestGrade, missing: [...missing], documents: [...new Set(cited.map((c) => c.document))] };
  });
  return {
    region,
    name: regions.name(region),
    answers,
    documents: [...documents.values()].sort((a, b) => a.number.localeCompare(b.number, 'zh')),
    expiring: expiringRows(policies, regions.chain(region), asOf),
  };
}

/** Rows of the chain in force on `asOf` whose last day (own or document's) is within 90 days, by document. */
function expiringRows(policies: PolicySet, chain: readonly string[], asOf: string): CoverageExpiry[] {
  const today = parseDate(asOf);
  if (today === null) return [];
  const horizon = formatDate(addDays(today, EXPIRY_WINDOW_DAYS));
  const byDocument = new Map<string, CoverageExpiry>();
  for (const row of policies.rows) {
    if (!chain.includes(row.region) || row.effectiveFrom > asOf) continue;
    const ends = [row.effectiveTo, row.document.effectiveTo].filter((d): d is string => d !== null).sort()[0];
    if (ends === undefined || ends < asOf || ends > horizon) continue;
    const endDay = parseDate(ends);
    if (endDay === null) continue;
    const id = `${row.region}|${row.document.number}|${ends}`;
    const entry = byDocument.get(id) ?? {
      document: row.document.number,
      title: row.document.title,
      region: row.region,
      endsOn: ends,
      daysLeft: daysBetween(today, endDay),
      keys: [],
    };
    if (!entry.keys.includes(row.key)) entry.keys.push(row.key);
    byDocument.set(id, entry);
  }
  return [...byDocument.values()].sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.document.localeCompare(b.document));
}

/** The coverage of the given regions (by default the 36 cities) at `asOf`. */
export function coverageReport(
  policies: PolicySet,
  regions: RegionDirectory,
  asOf: string,
  only: readonly string[] = COVERAGE_CITIES,
): CoverageReport {
  const list = only.map((r) => regionCoverage(policies, regions, r, asOf));
  const all = list.flatMap((r) => r.answers);
  const count = (s: CoverageStatus) => all.filter((a) => a.status === s).length;
  return {
    asOf,
    regions: list,
    totals: {
      questions: all.length,
      official: count('official'),
      answered: count('official') + count('answered'),
      capOnly: count('capOnly'),
      unknown: count('unknown'),
    },
  };
}

const CELL: Record<CoverageStatus, string> = { official: '●', answered: '◐', capOnly: '◔', unknown: '○' };

/** The coverage as a Markdown table (for docs/policy-library.md): one line per region, one column per question. */
export function coverageMarkdown(report: CoverageReport): string {
  const head = `| 城市 | ${COVERAGE_QUESTIONS.map((q) => q.id).join(' | ')} | 官方原文 | 已作答 |`;
  const rule = `|---|${COVERAGE_QUESTIONS.map(() => ':-:').join('|')}|--:|--:|`;
  const lines = report.regions.map((r) => {
    const cells = r.answers.map((a) => `${CELL[a.status]}${a.weakestGrade && a.status !== 'unknown' ? ` ${a.weakestGrade}` : ''}`);
    const official = r.answers.filter((a) => a.status === 'official').length;
    const answered = r.answers.filter((a) => a.status === 'official' || a.status === 'answered').length;
    return `| ${r.name}（${r.region}） | ${cells.join(' | ')} | ${official}/${r.answers.length} | ${answered}/${r.answers.length} |`;
  });
  const t = report.totals;
  const legend = [
    `政策库覆盖情况（${report.asOf}，\`yibao policy coverage --markdown --as-of ${report.asOf}\` 生成）：`,
    '',
    COVERAGE_QUESTIONS.map((q) => `${q.id} ${q.label}`).join('；') + '。',
    '',
    `● ${COVERAGE_STATUS_ZH.official}　◐ ${COVERAGE_STATUS_ZH.answered}　◔ ${COVERAGE_STATUS_ZH.capOnly}　○ ${COVERAGE_STATUS_ZH.unknown}；字母为所用依据中最弱的来源等级。`,
    '',
  ];
  const total = `合计：官方原文作答 ${t.official} / ${t.questions}，已作答 ${t.answered} / ${t.questions}，仅知上限 ${t.capOnly}，未知 ${t.unknown}。`;
  return [...legend, head, rule, ...lines, '', total].join('\n');
}
