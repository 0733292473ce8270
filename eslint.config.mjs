// ESLint flat config: typescript-eslint with type information (no-floating-promises needs it).
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: no Node APIs there.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

export default defineConfig(
  {
    // Dot-files are left out like tsconfig's `include` leaves them out (scratch files have no project).
    ignores: ['prisma/generated/**', 'node_modules/**', '.data/**', 'dist/**', 'coverage/**', '**/.*'],
  },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Forgetting to await an activity, a workflow API or a shutdown is a real bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins (use an activity).' })),
          patterns: [
            { group: ['node:*'], message: 'Workflow code must be deterministic: no Node built-ins (use an activity).' },
            {
              group: ['**/activities', '**/activities/*'],
              allowTypeImports: true,
              message: 'Workflows import activities as types only (`import type`), and call them through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure rules: no I/O, nothing from the layers built on them.
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'domain/ is pure: no Node built-ins.' })),
          patterns: [
            { group: ['node:*'], message: 'domain/ is pure: no Node built-ins.' },
            { group: ['**/api/**', '**/usecases/**', '**/infra/**', '**/activities/**', '**/workflows/**', '**/documents/**', '**/emails/**', '**/persistence/**'], message: 'domain/ imports only domain/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['usecases/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/**', '**/api'], message: 'Use-cases are below the API: they throw domain errors, the API maps them.' }] },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
