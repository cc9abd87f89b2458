// `npm run dist [-- --dir]`: the installers (electron-builder), as far as this machine allows.
//  1. builds the shell (dist/electron: main and the sandboxed preload) and the renderer (dist/renderer);
//  2. checks electron-builder.yml with electron-builder's own loader and schema (fuses included);
//  3. packages with electron-builder, which needs the Electron binary for each target. Where it
//     cannot be had (no download on the build machines) this stops before packaging and says
//     exactly that, and what was done, without a stack trace (exit 1: no package was made).
// Options are passed to electron-builder (e.g. --dir for an unpacked folder only, --linux deb).
// `--no-build` skips step 1 (the tests use it after their own build).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const builderArgs = args.filter((a) => a !== '--no-build');
const say = (line) => console.log(line);
const stop = (lines) => {
  for (const line of lines) console.error(line);
  process.exit(1);
};

// 1. Build.
if (!args.includes('--no-build')) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) stop(['✗ dist: building the shell and the renderer failed (see above); nothing was packaged.']);
}
const built = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
const missing = built.filter((f) => !existsSync(join(root, f)));
if (missing.length) stop([`✗ dist: ${missing.join(', ')} not built; run without --no-build.`]);
say(`✓ built ${built.join(', ')}`);

// 2. The configuration, read and validated as electron-builder itself does.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const builderVersion = JSON.parse(readFileSync(require.resolve('electron-builder/package.json'), 'utf8')).version;
let config;
try {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, { isEnabled: false, add: () => undefined });
} catch (error) {
  stop([`✗ dist: electron-builder.yml is not valid for electron-builder ${builderVersion}:`, String(error?.message ?? error)]);
}
const fuses = Object.entries(config.electronFuses ?? {})
  .map(([k, v]) => `${k}=${v}`)
  .join(', ');
say(`✓ electron-builder.yml valid for electron-builder ${builderVersion} (fuses: ${fuses})`);

// 3. The Electron binary: the one `npx electron --version` downloads, or electron-builder's cache.
const electronPkg = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'));
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const localBinary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const cacheDir = process.env.ELECTRON_CACHE ?? join(homedir(), '.cache', 'electron');
const cachedZips = existsSync(cacheDir)
  ? readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).includes(`electron-v${electronPkg.version}-`))
  : [];
if (!(localBinary && existsSync(localBinary)) && cachedZips.length === 0) {
  stop([
    `✗ dist stopped before packaging: electron-builder needs the Electron ${electronPkg.version} binary, and there is none on this machine`,
    `  (not in ${relative(root, join(electronDir, 'dist')) || 'node_modules/electron/dist'}, not in ${cacheDir}; it cannot be downloaded here).`,
    '  Done: the shell and the renderer are built and the packaging configuration is valid; nothing was packaged.',
    '  On a machine with internet access: `npx electron --version` (downloads it once), then `npm run dist` again.',
  ]);
}

// An unpacked folder for this machine can use the binary `npx electron` downloaded.
const hostOnly = builderArgs.includes('--dir') && localBinary && existsSync(localBinary);
const cli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const r = spawnSync(
  process.execPath,
  [cli, '--config', 'electron-builder.yml', ...(hostOnly ? [`-c.electronDist=${join(electronDir, 'dist')}`] : []), ...builderArgs],
  { cwd: root, stdio: 'inherit' },
);
if (r.status !== 0) stop([`✗ dist: electron-builder stopped (exit ${r.status}); see its messages above.`]);
say('✓ packaged into release/');
