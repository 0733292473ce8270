import { DefaultLogger } from '@temporalio/worker';
import { BUNDLE_CACHE_DIR, loadWorkflowBundle } from '../../worker/workflow-bundle';

/** The production workflows' entry, `workflows/index.ts`. */
const PRODUCTION_WORKFLOWS = require.resolve('../../workflows');

/**
 * The bundle a test worker runs: built once per entry and source digest (bundling costs seconds
 * of CPU, and a dozen test files start workers), then read from the worker's bundle cache.
 */
export const testWorkflowBundle = (workflowsPath: string = PRODUCTION_WORKFLOWS) =>
  loadWorkflowBundle({ workflowsPath, cacheDir: BUNDLE_CACHE_DIR, logger: new DefaultLogger('WARN') });
