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
    // One throwaway PostgreSQL cluster for the run: the store and service suites also run on it.
    globalSetup: ['tests/support/pg-global-setup.ts'],
  },
});
