/**
 * Generates the Prisma client into prisma/generated/ (the project's `postinstall` and `npm run generate`).
 *
 * Every `prisma` CLI command first looks for the native schema-engine binary and downloads it
 * when missing; that download cannot work on machines that only reach package registries.
 * `generate` does not use that engine (the client's query compiler is WebAssembly), so pointing
 * PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download. Needs no database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');

if (!existsSync(prismaCli)) {
  console.error(`prisma CLI not found at ${prismaCli}; run npm ci first`);
  process.exit(1);
}

// Keep a real engine path when someone has one (e.g. a machine with the native engine).
const engineOverride = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY:
    engineOverride && existsSync(engineOverride) ? engineOverride : join(root, 'package.json'),
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', join(root, 'prisma', 'schema.prisma')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
