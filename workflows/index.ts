// Every workflow the worker registers; the worker bundles this file (workflowsPath). Only this
// file (and tests) import the workflow implementations; everything else uses the contracts.
export { orderWorkflow } from './order/workflow';
export { contactRequestWorkflow } from './contact-request/workflow';
export { trialWorkflow } from './trial/workflow';
export { ticketWorkflow } from './support-ticket/workflow';
export { supportBillingWorkflow } from './support-billing/workflow';
export { bankHandOverWorkflow } from './bank-hand-over/workflow';
