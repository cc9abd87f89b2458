// Before any browser test: the renderer and the Node bundles built once (the spec files' own
// servers and halls run them), the hall demo bundled (tests/hall-e2e/support.ts starts one per
// spec file), and the databases of an earlier run removed. `npm test` has built the renderer and
// the bundles already and says so with YIBAO_E2E_PREBUILT=1.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error -- a plain .mjs helper shared with scripts/start.mjs (no types).
import { buildApp } from '../../scripts/lib/build-app.mjs';
import { E2E_DATA, root } from './support.ts';

export default function globalSetup(): void {
  rmSync(E2E_DATA, { recursive: true, force: true });
  const node = join(root, 'node_modules', '.bin', 'node');
  if (process.env.YIBAO_E2E_PREBUILT !== '1') (buildApp as (root: string, node: string) => void)(root, node);
  const bundled = spawnSync(node, [join(root, 'scripts', 'run-ts.mjs'), 'scripts/hall-demo.ts', '--bundle-only'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (bundled.status !== 0) throw new Error('could not bundle scripts/hall-demo.ts');
}
