// Shared by `npm start` and `npm test`: install dependencies (npm ci) when node_modules is
// missing or older than package-lock.json, and return the project's own Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDeps(root) {
  const node = join(root, 'node_modules', '.bin', 'node');
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(node) || !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
    console.log('\n▶ installing dependencies (npm ci)');
    const r = spawnSync('npm', ['ci', '--no-fund', '--no-audit'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
  }
  return node;
}
