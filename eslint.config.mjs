// ESLint flat config: typescript-eslint with type information (no-floating-promises needs it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'eslint/config';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

// Workflow code runs in Temporal's deterministic sandbox: no Node APIs there.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** This repository's relative imports of one file (value and type), resolved to files; cached by mtime. */
const importsCache = new Map();
function relativeImportsOf(file) {
  const mtime = statSync(file).mtimeMs;
  const cached = importsCache.get(file);
  if (cached?.mtime === mtime) return cached.imports;
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const imports = importedFiles
    .filter(({ fileName }) => fileName.startsWith('.'))
    .map(({ fileName }) => path.resolve(path.dirname(file), fileName))
    .flatMap((base) => [`${base}.ts`, path.join(base, 'index.ts')].filter((candidate) => existsSync(candidate)).slice(0, 1));
  importsCache.set(file, { mtime, imports });
  return imports;
}

/** The import path from `from` back to `to`, if any (breadth-first, so the shortest). */
function pathBack(from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === to) {
      const route = [];
      for (let at = file; at !== null; at = previous.get(at)) route.unshift(at);
      return route;
    }
    for (const next of relativeImportsOf(file)) {
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

/**
 * import-x/no-cycle skips `import type` edges (they vanish at run time), but a type-level cycle
 * still ties two modules together, e.g. an activity and the workflow it serves. This rule reports
 * every cycle that passes through a type-only import, on that import; value-only cycles are
 * import-x/no-cycle's.
 */
const noTypeImportCycle = {
  meta: { type: 'problem', messages: { cycle: 'Dependency cycle through a type import: {{route}}' }, schema: [] },
  create(context) {
    const file = context.physicalFilename;
    const check = (node) => {
      if (!node.source || !node.source.value.startsWith('.')) return;
      const typeOnly =
        node.importKind === 'type' ||
        node.exportKind === 'type' ||
        (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));
      if (!typeOnly) return;
      const base = path.resolve(path.dirname(file), node.source.value);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      const route = target && pathBack(target, file);
      if (route) context.report({ node, messageId: 'cycle', data: { route: [file, ...route].map((f) => path.relative(process.cwd(), f)).join(' → ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

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
    files: ['**/*.ts'],
    plugins: { 'import-x': importX, atime: { rules: { 'no-type-import-cycle': noTypeImportCycle } } },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      // No import cycles: import-x for value imports, our rule for cycles through type imports.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'atime/no-type-import-cycle': 'error',
    },
  },
  {
    // The layers of issue 9: contracts are what everything else may import; workflow code is
    // bundled for the worker and reached only through workflows/index.ts (and tests).
    files: ['**/*.ts'],
    ignores: ['workflows/index.ts', 'test/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: '.',
              from: 'workflows/*/workflow.ts',
              message: 'Only workflows/index.ts (and tests) import a workflow implementation; use its contract.ts and start.ts.',
            },
            {
              target: 'workflows/*/contract.ts',
              from: ['activities', 'api', 'infra'],
              message: 'A workflow contract imports only domain/ and workflow definitions, never activities/, api/ or infra/.',
            },
          ],
        },
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
    // One way for tests to get the SDK's worker side: test/helpers/temporal-sdk.ts installs the
    // runtime with quiet logs before a worker or test environment exists.
    files: ['test/**/*.ts'],
    ignores: ['test/helpers/temporal-sdk.ts', 'test/helpers/time-skipping-env.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@temporalio/worker', importNames: ['Worker', 'NativeConnection', 'Runtime'], allowTypeImports: true, message: 'Take it from test/helpers/temporal-sdk.ts (quiet SDK logs).' },
            { name: '@temporalio/testing', importNames: ['TestWorkflowEnvironment'], allowTypeImports: true, message: 'Use createTimeSkippingTestEnv from test/helpers/time-skipping-env.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
