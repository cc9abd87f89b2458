// Where the store's files are: the db/ assets shipped with the program, and the
// user's database (the same place Electron's userData uses, so the command line
// and the desktop app share one policy library).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from './errors.ts';

export const APP_DIR_NAME = 'yibao-desk';

/** The db/ folder: $YIBAO_ASSETS, else the nearest ancestor of this module holding db/migrations. */
export function locateAssets(): string {
  const fromEnv = process.env.YIBAO_ASSETS;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'db');
    if (existsSync(join(candidate, 'migrations'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new StoreError('damaged-data', '找不到 db/ 目录（迁移与种子数据）：程序安装不完整，请重新安装或设置 YIBAO_ASSETS');
    dir = parent;
  }
}

/** Electron's app.getPath('userData') for an app named yibao-desk, per platform. */
export function defaultDataDir(): string {
  if (process.env.YIBAO_DATA_DIR) return resolve(process.env.YIBAO_DATA_DIR);
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

/** $YIBAO_DB, else <data dir>/yibao.sqlite. */
export function defaultDatabasePath(): string {
  return process.env.YIBAO_DB ? resolve(process.env.YIBAO_DB) : join(defaultDataDir(), 'yibao.sqlite');
}
