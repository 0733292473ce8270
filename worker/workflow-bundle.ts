import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';

const REPO_ROOT = resolve(__dirname, '..');
/** Where the worker (and every test worker) keeps its bundles. */
export const BUNDLE_CACHE_DIR = join(REPO_ROOT, '.data', 'workflow-bundles');
/** Bundles kept: enough for the production entry and the tests' own entries across a few edits. */
const BUNDLES_KEPT = 12;
/** Folders whose code never reaches the workflow bundle (tests, tooling, pages, data). */
const NOT_BUNDLED = new Set(['node_modules', '.data', '.git', 'test', 'scripts', 'web', 'dist', 'docs', 'prisma']);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return NOT_BUNDLED.has(entry.name) ? [] : await sourceFiles(path);
      return /\.(ts|js|json)$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * A digest of everything the bundle can contain: every source file outside the folders above,
 * the lock file (the SDK and libraries) and the Node version. Coarser than the bundle's real
 * inputs on purpose: any change rebuilds, so a cached bundle is never stale.
 */
export async function workflowSourceDigest(root = REPO_ROOT): Promise<string> {
  const files = (await sourceFiles(root)).sort();
  const hash = createHash('sha256').update(process.version);
  for (const file of [...files, join(root, 'package-lock.json')]) {
    hash.update(relative(root, file)).update('\0');
    hash.update(await readFile(file).catch(() => Buffer.alloc(0))).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The cache key of one entry's bundle: the source digest, the entry's path and its own text
 * (a test's entry lives outside the digested folders; it only re-exports bundled code).
 */
async function bundleKey(workflowsPath: string): Promise<string> {
  return createHash('sha256')
    .update(await workflowSourceDigest())
    .update(relative(REPO_ROOT, workflowsPath))
    .update(await readFile(workflowsPath).catch(() => Buffer.alloc(0)))
    .digest('hex')
    .slice(0, 32);
}

/**
 * A workflow bundle, built once per entry and source digest and kept in `cacheDir`: bundling
 * takes seconds, and a restart with unchanged code (the second `npm run dev`, every test file's
 * worker) need not pay it. A cache that cannot be written (read-only disk) only costs the
 * rebuild next time.
 */
export async function loadWorkflowBundle(options: { workflowsPath: string; cacheDir: string; logger?: Logger }): Promise<{ code: string }> {
  const file = join(options.cacheDir, `workflows-${await bundleKey(options.workflowsPath)}.js`);
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached !== undefined) return { code: cached };

  const { code } = await bundleWorkflowCode({ workflowsPath: options.workflowsPath, ...(options.logger ? { logger: options.logger } : {}) });
  try {
    await mkdir(options.cacheDir, { recursive: true });
    // Written aside and renamed: a concurrent worker never reads half a bundle.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
    await removeOldBundles(options.cacheDir);
  } catch (error) {
    options.logger?.warn('workflow bundle not cached', { error: String(error) });
  }
  return { code };
}

/** Every edit of the code leaves a bundle behind; the oldest go. */
async function removeOldBundles(cacheDir: string): Promise<void> {
  const names = (await readdir(cacheDir)).filter((name) => /^workflows-[0-9a-f]{32}\.js$/.test(name));
  if (names.length <= BUNDLES_KEPT) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name))).mtimeMs })));
  dated.sort((a, b) => b.mtime - a.mtime);
  await Promise.all(dated.slice(BUNDLES_KEPT).map(({ name }) => rm(join(cacheDir, name), { force: true })));
}
