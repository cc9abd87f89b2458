// `yibao policy` output in plain Chinese: a release's changes and its conflicts with the
// office's own rows (both sides with value, dates and source), times in local time with the date.
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

export function releaseText(report: ReleaseReport | null, open: number): string {
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
    open ? `待处理的冲突 ${open} 个：见 yibao policy list --conflicts` : '没有待处理的冲突。',
  ].join('\n');
}
