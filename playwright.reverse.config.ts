// The browser and hall specs in reverse file order, with two workers: every spec file has a
// server and database (a hall spec, a hall) of its own, so the order the files run in must not
// matter (issue 19). Playwright runs a project's files in name order and the projects in the
// order given, so this config makes one project per spec file, last file first.
//   npx playwright test -c playwright.reverse.config.ts
import { defineConfig } from '@playwright/test';
import { readdirSync } from 'node:fs';
import base from './playwright.config.ts';

const specs = ['tests/e2e', 'tests/hall-e2e']
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.spec.ts'))
      .map((file) => ({ dir, file })),
  )
  .reverse();

export default defineConfig({
  ...base,
  workers: 2,
  projects: specs.map(({ dir, file }) => ({ name: `${dir.slice('tests/'.length)}/${file}`, testDir: dir, testMatch: file })),
});
