// Every workflow the worker registers; the worker bundles this file (workflowsPath).
export { orderWorkflow } from './order';
export { contactRequestWorkflow } from './contact-request';
export { trialWorkflow } from './trial';
export { ticketWorkflow } from './support-ticket';
export { supportBillingWorkflow } from './support-billing';
