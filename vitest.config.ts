import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The services render the printed sheet (a Svelte component) to static HTML.
  plugins: [svelte({ compilerOptions: { css: 'injected', dev: false } })],
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // better-sqlite3 is a native addon: separate processes keep each file's handles apart.
    pool: 'forks',
    testTimeout: 60_000,
    // Set-up hooks do real work too (a PostgreSQL database migrated and seeded with the whole
    // library, accounts whose passwords are hashed): Vitest's default of 10 s failed the hall
    // server's set-up on a loaded machine (load average above 20 on two cores). The same limit as a test.
    hookTimeout: 60_000,
    // The command line built once for the run (the CLI and hall tests run it), and one throwaway
    // PostgreSQL cluster for the run: the store and service suites also run on it.
    globalSetup: ['tests/support/cli-global-setup.ts', 'tests/support/pg-global-setup.ts'],
  },
});
