// ESLint: typescript-eslint's strict rules for TypeScript, the Svelte plugin for components.
// Formatting is Prettier's job (npm test runs `prettier --check`), so no style rules here.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import { layersRule } from './scripts/lint/layers.ts';

export default ts.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // Chinese text uses the ideographic space (U+3000) on purpose, in strings and templates.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Tests, benchmarks and scripts may assert what they just built.
    files: ['tests/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Dependencies point inward: the layer table in scripts/lint/layers.ts.
    files: ['src/**/*.ts', 'src/**/*.svelte', 'electron/**/*.ts'],
    plugins: { yibao: { rules: { layers: layersRule } } },
    rules: { 'yibao/layers': 'error' },
  },
);
