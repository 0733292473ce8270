import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';

const REPO_ROOT = resolve(__dirname, '..');
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
 * The worker's workflow bundle, built once per source digest and kept in `cacheDir`: bundling
 * takes seconds, and a restart with unchanged code (the second `npm run dev`) need not pay it.
 * A cache that cannot be written (read-only disk) only costs the rebuild next time.
 */
export async function loadWorkflowBundle(options: { workflowsPath: string; cacheDir: string; logger?: Logger }): Promise<{ code: string }> {
  const file = join(options.cacheDir, `workflows-${await workflowSourceDigest()}.js`);
  const cached = await readFile(file, 'utf8').catch(() => undefined);
  if (cached !== undefined) return { code: cached };

  const { code } = await bundleWorkflowCode({ workflowsPath: options.workflowsPath, ...(options.logger ? { logger: options.logger } : {}) });
  try {
    await mkdir(options.cacheDir, { recursive: true });
    // Written aside and renamed: a concurrent worker never reads half a bundle.
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
  } catch (error) {
    options.logger?.warn('workflow bundle not cached', { error: String(error) });
  }
  return { code };
}
