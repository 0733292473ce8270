import type { Config } from '../../infra/config';

/**
 * What every client start of our workflows shares: the main task queue, the id, the one input,
 * and joining the running workflow when one with that id runs (a retried request, a repair).
 * Each workflow's start.ts adds its own id-reuse policy and search attributes.
 */
export function joiningStartOptions<Input>(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, workflowId: string, input: Input) {
  return { workflowId, taskQueue: config.TEMPORAL_TASK_QUEUE, args: [input] as [Input], workflowIdConflictPolicy: 'USE_EXISTING' as const };
}
