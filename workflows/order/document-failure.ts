import { ActivityFailure, ApplicationFailure, patched } from '@temporalio/workflow';
import { DOCUMENT_CONTENT_FAILURES } from '../../documents/document-content';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { orders, type OrderRun } from './order-run';

/** Histories recorded before a content failure flagged the order replay as they ran. */
const DOCUMENT_FAILURE_PATCH = 'document-content-failure-flags-order';

/** The reason when `error` is an activity that failed on a document's content (never retried). */
function documentContentFailure(error: unknown): string | undefined {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return undefined;
  return DOCUMENT_CONTENT_FAILURES.includes(error.cause.type ?? '') ? error.cause.message : undefined;
}

/**
 * Runs a step that issues documents. When a document cannot be produced from its content, the
 * order stops where it is, flagged with the reason (stored, audited, in the view) for customer
 * and staff, and the step answers undefined instead of failing: the caller is answered, and staff
 * cancel the order (which voids or corrects what was numbered).
 */
export async function issuingDocuments<T>(run: OrderRun, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    const reason = documentContentFailure(error);
    if (reason === undefined || !patched(DOCUMENT_FAILURE_PATCH)) throw error;
    const problem = { kind: 'DOCUMENTS_FAILED' as const, reason, since: new Date().toISOString() };
    await orders.flagOrderProblem({ key: `${run.workflowId}:problem:documents`, orderId: run.input.orderId, actor: SYSTEM_ACTOR, ...problem });
    run.state.problem = problem;
    return undefined;
  }
}
