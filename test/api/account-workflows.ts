// The account workflows only, for the accounts API tests: they do not depend on the ordering code.
export { contactRequestWorkflow } from '../../workflows/contact-request/workflow';
export { trialWorkflow } from '../../workflows/trial/workflow';
