// The counter's settings (设置) as stored, read back through the API's own schema.
import * as v from 'valibot';
import { SettingsSchema, type Settings } from '../api/inputs.ts';
import type { Repositories } from '../store/ports.ts';

export const DEFAULT_SETTINGS: Settings = { officeName: '', counterNumber: '', clerkName: '', defaultRegion: '' };

const StoredSettings = v.nullable(v.partial(v.object(SettingsSchema.entries)));

/** The counter's settings as stored, with the defaults for anything not yet set. */
export async function loadSettings(repos: Pick<Repositories, 'settings'>): Promise<Settings> {
  const stored = v.parse(StoredSettings, await repos.settings.get('counter'));
  return { ...DEFAULT_SETTINGS, ...stored };
}

export async function saveSettings(repos: Pick<Repositories, 'settings'>, settings: Settings): Promise<void> {
  await repos.settings.set('counter', settings);
}
