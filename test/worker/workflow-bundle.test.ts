import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { loadWorkflowBundle, workflowSourceDigest } from '../../worker/workflow-bundle';

describe('workflow bundle cache', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'bundle-digest-'));
    await mkdir(join(root, 'workflows'));
    await mkdir(join(root, 'test'));
    await writeFile(join(root, 'workflows', 'a.ts'), 'export const a = 1;');
    await writeFile(join(root, 'test', 'a.test.ts'), 'it("x", () => undefined);');
    await writeFile(join(root, 'package-lock.json'), '{}');
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('changes its digest when any bundled source or the lock file changes, not when a test does', async () => {
    const first = await workflowSourceDigest(root);
    await writeFile(join(root, 'test', 'a.test.ts'), 'it("y", () => undefined);');
    expect(await workflowSourceDigest(root)).toBe(first);
    await writeFile(join(root, 'workflows', 'a.ts'), 'export const a = 2;');
    const second = await workflowSourceDigest(root);
    expect(second).not.toBe(first);
    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(await workflowSourceDigest(root)).not.toBe(second);
  });

  it('builds the real bundle once and serves the next load from the cache', async () => {
    const cacheDir = join(root, 'cache');
    const built = await loadWorkflowBundle({ workflowsPath: require.resolve('../../workflows'), cacheDir, logger: new DefaultLogger('WARN') });
    expect(built.code).toContain('orderWorkflow');
    const files = await readdir(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^workflows-[0-9a-f]{32}\.js$/);
    // A marker written into the cached file proves the second load read it instead of bundling.
    await writeFile(join(cacheDir, files[0]!), `${built.code}\n// cached`);
    const loaded = await loadWorkflowBundle({ workflowsPath: require.resolve('../../workflows'), cacheDir, logger: new DefaultLogger('WARN') });
    expect(loaded.code.endsWith('// cached')).toBe(true);

    // Another entry over the same sources is another bundle, not the cached one.
    const accounts = await loadWorkflowBundle({ workflowsPath: require.resolve('../api/account-workflows'), cacheDir, logger: new DefaultLogger('WARN') });
    expect(accounts.code).toContain('trialWorkflow');
    expect(accounts.code).not.toContain('orderWorkflow');
    expect(await readdir(cacheDir)).toHaveLength(2);
  });
});
