// The screens the window does not show first — 案件, 设置, 政策库, 到期提醒, 统计 and the sheet preview — are
// separate chunks, loaded when first needed (issue 14: less JavaScript to compile before the
// form is painted) and fetched in the background once the form is up, so a key pressed for
// them later finds them ready. Each is loaded once.
import type { Screen } from './state/workbench.svelte.ts';

const loaders = {
  cases: () => import('./components/CasesScreen.svelte').then((m) => m.default),
  settings: () => import('./components/SettingsScreen.svelte').then((m) => m.default),
  policy: () => import('./components/PolicyScreen.svelte').then((m) => m.default),
  reminders: () => import('./components/RemindersScreen.svelte').then((m) => m.default),
  statistics: () => import('./components/StatisticsScreen.svelte').then((m) => m.default),
  sheet: () => import('./components/SheetPreview.svelte').then((m) => m.default),
};
type Loaded = { [K in keyof typeof loaders]: ReturnType<(typeof loaders)[K]> };
const loaded = new Map<keyof typeof loaders, Promise<unknown>>();

function load<K extends keyof typeof loaders>(name: K): Loaded[K] {
  const known = loaded.get(name);
  if (known) return known as Loaded[K];
  // A failed load (the chunk could not be read) is tried again next time.
  const loading = loaders[name]().catch((error: unknown) => {
    loaded.delete(name);
    throw error;
  });
  loaded.set(name, loading);
  return loading as Loaded[K];
}

/** The component of a screen other than the workbench (案件, 设置, 政策库, 到期提醒 or 统计). */
export function otherScreen(
  screen: Screen,
): Loaded['cases'] | Loaded['settings'] | Loaded['policy'] | Loaded['reminders'] | Loaded['statistics'] {
  if (screen === 'reminders') return load('reminders');
  if (screen === 'statistics') return load('statistics');
  return screen === 'cases' ? load('cases') : screen === 'policy' ? load('policy') : load('settings');
}

export const sheetPreview = (): Loaded['sheet'] => load('sheet');

/** Fetches every chunk in the background (after the form is painted). */
export function preloadScreens(): void {
  for (const name of Object.keys(loaders) as Array<keyof typeof loaders>) void load(name).catch(() => undefined);
}
