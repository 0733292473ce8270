// Every workflow the worker registers; the worker bundles this file (workflowsPath).
export { orderWorkflow } from './order';
export { trialWorkflow } from './trial';
