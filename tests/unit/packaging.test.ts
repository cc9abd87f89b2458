// Packaging (electron-builder): the configuration passes electron-builder's own schema with
// the fuses set, the metadata a deb needs is there, runtime imports are dependencies, one
// instance per user, and `npm run dist -- --dir` runs as far as this machine allows and says
// exactly where it stops. Packaging itself needs the Electron binary, which these machines
// cannot download: that step is not run here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronDir = join(root, 'node_modules', 'electron');
const hasElectronBinary =
  existsSync(join(electronDir, 'path.txt')) &&
  existsSync(join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8').trim()));

describe('npm run dist -- --dir', () => {
  let run: { status: number | null; stdout: string; stderr: string };
  beforeAll(() => {
    // npm test has built the shell and the renderer already; a lone run of this file builds them.
    const built = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].every((f) =>
      existsSync(join(root, f)),
    );
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs'), '--dir', ...(built ? ['--no-build'] : [])], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }, 300_000);

  it("builds, then checks electron-builder.yml with electron-builder's own schema, fuses included", () => {
    expect(run.stdout).toContain('✓ built dist/electron/main.cjs, dist/electron/preload.cjs, dist/renderer/index.html');
    expect(run.stdout).toContain(`✓ electron-builder.yml valid for electron-builder ${pkg.devDependencies['electron-builder']}`);
    for (const fuse of [
      'runAsNode=false',
      'enableCookieEncryption=true',
      'enableEmbeddedAsarIntegrityValidation=true',
      'onlyLoadAppFromAsar=true',
      'enableNodeOptionsEnvironmentVariable=false',
    ])
      expect(run.stdout).toContain(fuse);
  });

  it.skipIf(hasElectronBinary)('without the Electron binary it stops before packaging and says exactly why, without a stack trace', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^✗ dist stopped before packaging: electron-builder needs the Electron [\d.]+ binary, and there is none/);
    expect(run.stderr).toContain('nothing was packaged');
    expect(run.stderr).toContain('npx electron --version');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('package metadata', () => {
  const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');

  it('electron-builder is a pinned devDependency; file names and the deb maintainer are set', () => {
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(config).toMatch(/^artifactName: yibao-desk-\$\{version\}-\$\{os\}-\$\{arch\}\.\$\{ext\}$/m);
    expect(config).toMatch(/^ {2}maintainer: .+<[^@\s]+@[^@\s]+>$/m);
  });

  it('every package the services, store, engine, sheet, server, CLI or shell import at run time is a dependency', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : /\.ts$/.test(name) ? [path] : [];
      });
    const sources = [...files(join(root, 'src')).filter((f) => !f.includes(`${join('src', 'ui')}`)), ...files(join(root, 'electron'))];
    const imported = new Set<string>();
    for (const file of sources) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
        const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    // electron is the runtime itself; svelte is compiled into the bundles when they are built.
    for (const name of [...imported].filter((n) => n !== 'electron' && n !== 'svelte')) {
      expect(pkg.dependencies[name], `${name} is imported at run time`).toBeDefined();
      expect(pkg.devDependencies[name], `${name} is listed twice`).toBeUndefined();
    }
    expect([...imported]).toEqual(expect.arrayContaining(['papaparse', 'read-excel-file', 'better-sqlite3', 'valibot', '@noble/hashes']));
  });

  it('one instance per user: a second start focuses the open window instead of opening the database twice', () => {
    const main = readFileSync(join(root, 'electron', 'main.ts'), 'utf8');
    expect(main).toMatch(/if \(app\.requestSingleInstanceLock\(\)\) \{[\s\S]*app\.on\('second-instance'[\s\S]*\} else \{\s*app\.quit\(\);/);
  });
});
