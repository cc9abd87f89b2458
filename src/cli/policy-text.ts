// `yibao policy` output in plain Chinese: a release's changes and its conflicts with the
// office's own rows (both sides with value, dates and source), times in local time with the date.
import { COVERAGE_STATUS_ZH, type CoverageReport } from '../core/policy/coverage.ts';
import type { ReleaseNote } from '../core/policy/changelog.ts';
import { keyLabel } from '../core/policy/keys.ts';
import { GRADE_ZH, type PolicyRow } from '../core/policy/policy-set.ts';
import { formatPolicyValue } from '../core/policy/value-text.ts';
import type { RegionDirectory } from '../core/regions.ts';
import { localTimestamp } from '../services/clock.ts';
import type { ReleaseConflict } from '../services/policy-release.ts';
import type { ReleaseReport } from '../store/ports.ts';

/** An ISO time (UTC) as the counter's local time with the date: 2026-11-28 19:05. */
export const localTime = (iso: string): string => localTimestamp(new Date(iso)).replace('T', ' ').slice(0, 16);

/** One row's value, dates and source on one line. */
export function rowText(r: PolicyRow): string {
  return `${formatPolicyValue(r.key, r.value)}，${r.effectiveFrom} 至 ${r.effectiveTo ?? '今后'}，${r.document.number}${r.article ? ` ${r.article}` : ''}《${r.document.title}》，${GRADE_ZH[r.grade]}`;
}

export function conflictText(c: ReleaseConflict, regions: RegionDirectory): string {
  const lines = [
    `冲突 #${c.id}：${regions.name(c.row.region)}（${c.row.region}）${keyLabel(c.row.key)}——内置政策库 ${c.release}（${localTime(c.detectedAt)} 发现）${
      c.kind === 'changed' ? '更正了本地已改动的记录' : '的记录与本地记录的日期重叠'
    }`,
    `  内置政策库：${rowText(c.row)}`,
    ...(c.office.length ? c.office.map((r) => `  本地（现行）：${rowText(r)}`) : ['  本地（现行）：无']),
    `  处理：yibao policy resolve ${c.id} --keep-mine（保留本地值）或 --take-release（采用内置值） --pin 管理员PIN`,
  ];
  return lines.join('\n');
}

/** One changelog entry of a release (docs/rules.md §9): date, regions, keys, documents and why. */
export function releaseNoteText(note: ReleaseNote, regions: RegionDirectory): string {
  const where = note.regions.map((r) => (r === 'CN' ? '全国' : `${regions.name(r)}（${r}）`)).join('、');
  const docs = note.documents.map((d) => `${d.number}《${d.title}》`).join('；');
  return [
    `  ${note.date} ${where}：${note.why}`,
    `    涉及：${note.keys.map(keyLabel).join('、')}`,
    ...(docs ? [`    依据：${docs}`] : []),
  ].join('\n');
}

export function releaseText(report: ReleaseReport | null, open: number, regions: RegionDirectory): string {
  if (!report) return '尚无内置政策库更新的记录。';
  const list = (what: string, ids: string[]) => (ids.length ? [`  ${what} ${ids.length} 条：${ids.join('、')}`] : []);
  return [
    `内置政策库 ${report.version}（${localTime(report.appliedAt)} ${report.actor === 'seed' ? '初次载入' : '更新'}）：`,
    ...list('新增', report.added),
    ...list('截止', report.closed),
    ...list('更正', report.corrected),
    ...list('撤回', report.withdrawn),
    ...list('因本地记录未采用', report.conflicts),
    ...list('新增文件', report.documentsAdded),
    ...list('更正文件', report.documentsCorrected),
    ...(report.notes.length ? [`更新说明 ${report.notes.length} 条：`, ...report.notes.map((n) => releaseNoteText(n, regions))] : []),
    open ? `待处理的冲突 ${open} 个：见 yibao policy list --conflicts` : '没有待处理的冲突。',
  ].join('\n');
}

/** The coverage per region: each question's status, weakest grade, what is missing and its documents. */
export function coverageText(report: CoverageReport): string {
  const lines: string[] = [`政策库覆盖情况（${report.asOf}）`];
  for (const r of report.regions) {
    const official = r.answers.filter((a) => a.status === 'official').length;
    const answered = r.answers.filter((a) => a.status === 'official' || a.status === 'answered').length;
    lines.push('', `${r.name}（${r.region}）：官方原文作答 ${official}/${r.answers.length}，已作答 ${answered}/${r.answers.length}`);
    for (const a of r.answers) {
      const grade = a.weakestGrade ? `，最弱等级 ${a.weakestGrade}` : '';
      const missing = a.missing.length ? `，缺：${a.missing.join('、')}` : '';
      const docs = a.documents.length ? `；依据 ${a.documents.join('、')}` : '';
      lines.push(`  ${a.id} ${a.label}：${COVERAGE_STATUS_ZH[a.status]}${grade}${missing}${docs}`);
    }
    for (const d of r.documents)
      lines.push(`  文件 ${d.number}《${d.title}》${d.effectiveTo ? `有效至 ${d.effectiveTo}` : '未规定失效日期'}，${d.grade} 级`);
    for (const e of r.expiring)
      lines.push(`  ${e.daysLeft} 天后到期（${e.endsOn}）：${e.document}《${e.title}》——${e.keys.map(keyLabel).join('、')}`);
  }
  const t = report.totals;
  lines.push(
    '',
    `合计：官方原文作答 ${t.official} / ${t.questions}，已作答 ${t.answered} / ${t.questions}，仅知上限 ${t.capOnly}，未知 ${t.unknown}。`,
  );
  return lines.join('\n');
}
