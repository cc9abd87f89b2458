// Vitest's global set-up: the command line's bundles (dist/cli, dist/server, built by
// scripts/build-cli.mjs) are built once for the whole run, before any test file starts — the
// tests run what `npx yibao` runs. Built once, not by each file that runs them: a rebuild took up
// to 30 s on a loaded machine, and a file rewriting dist/cli while another file's worker runs it
// could hand that worker half a bundle. `npm test` has just built them and says so with
// YIBAO_CLI_PREBUILT=1.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  if (process.env.YIBAO_CLI_PREBUILT === '1') return;
  const root = join(import.meta.dirname, '..', '..');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the command line (scripts/build-cli.mjs) failed:\n${build.stderr}`);
}
