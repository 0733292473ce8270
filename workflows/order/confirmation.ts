import { patched } from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { paymentSchedule } from '../../domain/order-rules';
import { startTicketWorkflows } from '../support-ticket/start';
import type { DocumentRequest, IssuedDocumentRef, OrderView, TransitionPatch } from './contract';
import { issuingDocuments } from './document-failure';
import { orders, today, type OrderRun } from './order-run';

/** Runs confirmed before this change took the confirmation's database steps one activity at a time. */
export const CONFIRMATION_IN_ONE_STEP_PATCH = 'confirmation-in-one-step';

/**
 * Confirmation: the payment schedule (bank transfer with goods), the confirmation and the
 * invoice or proforma, the tickets and their workflows, the e-mail; then on to payment,
 * shipping, or (service only) completion. A repeated confirmation answers with the first one's result.
 */
export async function confirm(run: OrderRun, actor: string): Promise<OrderView> {
  const { input, state } = run;
  if (state.status !== 'DRAFT') return run.view();
  const expectsTransfer = input.paymentMethod === 'BANK_TRANSFER' && input.hasComponents;
  if (expectsTransfer) {
    state.schedule = paymentSchedule(today(), input.timing.paymentDueDays, input.timing.reminderDaysBefore, input.timing.cancelDaysAfter);
    state.dueDate = state.schedule.dueDate;
  }
  const patch: TransitionPatch = { confirmedAt: new Date().toISOString(), ...(state.dueDate ? { dueDate: state.dueDate } : {}) };
  const issued = patched(CONFIRMATION_IN_ONE_STEP_PATCH) ? await confirmInOneStep(run, actor, patch) : await confirmStepByStep(run, actor, patch);
  if (!issued) return run.view(); // flagged: staff decide
  state.invoicedHalere = issued[1]?.payableHalere ?? 0;
  // Orders confirmed before tickets had workflows of their own replay without this step.
  if (state.ticketCodes.length > 0 && patched('start-ticket-workflows')) await startTicketWorkflows(state.ticketCodes, input.organizationId);
  await run.email({ kind: 'orderConfirmed', ticketCodes: state.ticketCodes }, 'confirmed', issued);

  if (expectsTransfer) await run.transition('AWAITING_PAYMENT', SYSTEM_ACTOR, { invoicedHalere: state.invoicedHalere });
  else if (input.hasComponents) await run.transition('READY_TO_SHIP', SYSTEM_ACTOR, { invoicedHalere: state.invoicedHalere });
  // Service-only: nothing to ship or pay now; support is invoiced after the month of use.
  else await run.transition('COMPLETED', SYSTEM_ACTOR);
  return run.view();
}

/** The order confirmation, and with goods the tax invoice (COD) or the proforma (bank transfer). */
function confirmationDocuments(run: OrderRun): DocumentRequest[] {
  const { input, state, workflowId } = run;
  const confirmation: DocumentRequest = { kind: 'ORDER_CONFIRMATION', key: `${workflowId}:confirmation` };
  if (!input.hasComponents) return [confirmation];
  const invoice: DocumentRequest =
    input.paymentMethod === 'COD'
      ? { kind: 'TAX_INVOICE', key: `${workflowId}:tax-invoice`, taxableSupplyDate: today() }
      : { kind: 'PROFORMA_INVOICE', key: `${workflowId}:proforma`, ...(state.dueDate ? { dueDate: state.dueDate } : {}) };
  return [confirmation, invoice];
}

/**
 * One activity writes the transition, numbers the documents and issues the tickets in one
 * transaction; then both PDFs render side by side. Fewer round trips than one step each: the
 * customer's wait is about one database transaction and the slower render. Content that cannot
 * be documented leaves nothing numbered: the order is confirmed and flagged, as before.
 */
async function confirmInOneStep(run: OrderRun, actor: string, patch: TransitionPatch): Promise<IssuedDocumentRef[] | undefined> {
  const documents = confirmationDocuments(run);
  const recorded = await issuingDocuments(run, () => run.transitionWith('CONFIRMED', actor, patch, (transition) => orders.recordConfirmation({ transition, documents })));
  if (!recorded) {
    await run.transition('CONFIRMED', actor, patch);
    return undefined;
  }
  for (const ref of recorded.documents) run.keepDocument(ref);
  run.publish();
  run.state.ticketCodes = recorded.ticketCodes;
  const rendered = await issuingDocuments(run, () => Promise.all(recorded.documents.map(run.render)));
  return rendered ? recorded.documents : undefined;
}

/** How runs confirmed before CONFIRMATION_IN_ONE_STEP_PATCH did it (their histories replay through here). */
async function confirmStepByStep(run: OrderRun, actor: string, patch: TransitionPatch): Promise<IssuedDocumentRef[] | undefined> {
  const { input, state } = run;
  await run.transition('CONFIRMED', actor, patch);
  const documents = confirmationDocuments(run);
  const issued = await issuingDocuments(run, async () => {
    // Numbered and rendered side by side: the customer's wait is the slower one, not the sum.
    if (patched('confirmation-documents-in-parallel')) return Promise.all(documents.map(run.issue));
    const inOrder: IssuedDocumentRef[] = [];
    for (const request of documents) inOrder.push(await run.issue(request));
    return inOrder;
  });
  if (issued) state.ticketCodes = await orders.issueTickets({ orderId: input.orderId });
  return issued;
}
