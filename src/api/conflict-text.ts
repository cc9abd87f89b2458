// What a clerk reads when a save meets a version saved meanwhile at another counter
// (CONFLICT): worded once, for the services' error and for the window, which states the
// time in the clerk's own zone (a hall's server may run in another).
import type { SavedCase } from './shapes.ts';

/** `when`: the other version's save time as the reader's clock shows it. */
export function conflictMessage(theirs: Pick<SavedCase, 'savedBy' | 'savedCounter' | 'version'>, when: string): string {
  const counter = theirs.savedCounter ? `${theirs.savedCounter}号窗口` : null;
  const who = theirs.savedBy ? `由${theirs.savedBy}${counter ? `（${counter}）` : ''}` : counter ? `在${counter}` : '在别处';
  return (
    `未保存：此案件在您打开之后，已${who}于 ${when} 修改并保存（第 ${theirs.version} 版）。` +
    '您的修改仍在本窗口，没有丢失。请对照两个版本，选择以您的版本覆盖、另存为新案件，或采用对方的版本。'
  );
}
