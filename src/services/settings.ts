// The counter's settings (设置) as stored, read back through the API's own schema.
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { SettingsSchema, type Settings } from '../api/inputs.ts';
import { ServiceError } from '../api/result.ts';
import type { Repositories, SettingKey } from '../store/ports.ts';

export const DEFAULT_SETTINGS: Settings = { officeName: '', counterNumber: '', clerkName: '', defaultRegion: '' };

const StoredSettings = v.nullable(v.partial(v.object(SettingsSchema.entries)));

/** The counter's settings as stored, with the defaults for anything not yet set. */
export async function loadSettings(repos: Pick<Repositories, 'settings'>): Promise<Settings> {
  return settingsOf(await repos.settings.get('counter'));
}

const settingsOf = (stored: unknown): Settings => {
  const { version: _version, ...settings } = { ...DEFAULT_SETTINGS, ...v.parse(StoredSettings, stored) };
  return settings;
};

/** A stored record's version, as the window is given it: a digest of exactly what is stored ('0': nothing yet). */
export const versionOf = (token: string | null): string =>
  token === null ? '0' : createHash('sha256').update(token).digest('hex').slice(0, 16);

/** The settings with the version they were read at (what the window edits and sends back). */
export async function loadSettingsView(repos: Pick<Repositories, 'settings'>): Promise<Settings> {
  const { value, token } = await repos.settings.read('counter');
  return { ...settingsOf(value), version: versionOf(token) };
}

export const SETTINGS_CONFLICT = '设置已由另一位管理员修改，本次未保存：请刷新（重新打开设置页），看过最新的设置后再改。';

/**
 * Changes one stored record by compare-and-set (issue 22, finding 8: two administrators at once
 * lost each other's changes): read with its token, changed, written only if still unchanged. When
 * `expectedVersion` is given (the version the administrator's window showed), an older one is
 * refused too. Refusals are CONFLICT with `conflict` (Chinese); nothing is written then.
 */
export async function updateSetting<T>(
  repos: Pick<Repositories, 'settings'>,
  key: SettingKey,
  change: (current: unknown) => T | Promise<T>,
  conflict: string,
  expectedVersion: string | null = null,
): Promise<T> {
  const { value, token } = await repos.settings.read(key);
  if (expectedVersion !== null && expectedVersion !== versionOf(token)) throw new ServiceError('CONFLICT', conflict);
  const next = await change(value);
  if (!(await repos.settings.setIf(key, token, next))) throw new ServiceError('CONFLICT', conflict);
  return next;
}

/** Saves the settings (never their version) unless another save came in between. */
export async function saveSettings(
  repos: Pick<Repositories, 'settings'>,
  change: (current: Settings) => Settings,
  expectedVersion: string | null = null,
): Promise<void> {
  await updateSetting(
    repos,
    'counter',
    (current) => {
      const { version: _version, ...next } = change(settingsOf(current));
      return next;
    },
    SETTINGS_CONFLICT,
    expectedVersion,
  );
}
