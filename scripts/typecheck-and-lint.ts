/**
 * `tsc --noEmit -p <project>` and ESLint over that project's files, sharing one TypeScript
 * program: the type-aware lint rules (no-floating-promises above all) then read the types the
 * type check has already computed, instead of ESLint building the program a second time.
 * `npm test` runs it once for the API's project (everything but web/) and once for the pages
 * (web/), side by side. Exit code 1 when either the types or the lint fail.
 *
 *   tsx scripts/typecheck-and-lint.ts tsconfig.json --ignore 'web/**'   # lints `.`, except web/
 *   tsx scripts/typecheck-and-lint.ts web/tsconfig.json                 # lints web/
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { REPO_ROOT } from './stack/common';

function createProgram(tsconfigPath: string): ts.Program {
  const file = ts.readConfigFile(tsconfigPath, (p) => ts.sys.readFile(p));
  if (file.error) throw new Error(ts.flattenDiagnosticMessageText(file.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences, configFileParsingDiagnostics: parsed.errors });
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => REPO_ROOT,
  getNewLine: () => '\n',
};

async function main(): Promise<void> {
  const [project, ...rest] = process.argv.slice(2);
  if (!project) throw new Error('usage: typecheck-and-lint.ts <tsconfig.json> [--ignore <glob>]...');
  const ignores = rest.flatMap((arg, i) => (rest[i - 1] === '--ignore' ? [arg] : []));
  const tsconfigPath = path.resolve(REPO_ROOT, project);
  const projectDir = path.dirname(tsconfigPath);

  const program = createProgram(tsconfigPath);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const colour = process.stdout.isTTY || process.env.FORCE_COLOR === '1';
    process.stdout.write((colour ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics)(diagnostics, formatHost));
    process.stdout.write(`${diagnostics.length} type error(s) in ${path.relative(REPO_ROOT, tsconfigPath)}\n`);
  }

  const eslint = new ESLint({
    cwd: REPO_ROOT,
    // The config's own type-aware block uses the project service; here the program above serves.
    overrideConfig: [
      { ignores },
      { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs: [program] } } },
    ],
  });
  const results = await eslint.lintFiles([projectDir]);
  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
  const output = await (await eslint.loadFormatter('stylish')).format(results);
  if (output) process.stdout.write(output);
  process.exit(diagnostics.length > 0 || errors > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
