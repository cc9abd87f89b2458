// How an impact preview's state reads beside the buttons that wait for it (issue 14): a change
// is saved only once every saved case has been checked (or the administrator stopped the check,
// which the preview then says plainly).
import type { ImpactJobView } from '../../../api/contract.ts';

/** Why a save has to wait for the impact check, or null. */
export function impactBlocked(view: ImpactJobView | null): string | null {
  if (view?.state !== 'running') return null;
  return `正在检查已保存案件（已检查 ${view.checked} / 共 ${view.total} 件），检查完毕后才能保存`;
}

/** The impact part of the confirmation after a save. */
export function impactSaved(view: ImpactJobView | null): string {
  if (!view) return '';
  if (view.state === 'done') return `影响已保存案件 ${view.changed} 件。`;
  if (view.state === 'cancelled') return `影响预览已停止（已检查 ${view.checked} / 共 ${view.total} 件，其中 ${view.changed} 件改变）。`;
  return '影响预览未能完成。';
}
