#!/usr/bin/env node
// Entry point of `npx yibao`: checks the Node version (better-sqlite3 13 needs
// Node ≥ 22; run through npx/npm the project's Node 24 comes first on PATH), then
// loads the bundled command line built by `npm ci` (scripts/build-cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `yibao: 需要 Node.js 22 或更高版本（当前 ${process.version}）。请在项目目录中用 npx yibao 运行，它会使用项目自带的 Node 24。\n`,
  );
  process.exit(1);
}
const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'yibao.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('yibao: 找不到 dist/cli/yibao.mjs；请先运行 npm ci（或 npm run build:cli）。\n');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
