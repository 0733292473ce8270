/**
 * Staff extend an unpaid support invoice's due date (`POST /support/invoices/:number/due-date`):
 * through the billing workflow's update, which moves the invoice's reminders with it.
 */
import { NotFound, Refused } from '../domain/errors';
import type { DueDateExtension } from '../domain/order-rules';
import { extendSupportDueDateUpdate, supportBillingWorkflowId, type SupportInvoiceRef } from '../workflows/support-billing/contract';
import { type Bounded, updateWithinBound } from '../infra/bounded-wait';
import type { UseCaseDeps } from './deps';

/** @throws NotFound (no such support invoice), Refused `InvoiceSettled` (its billing has ended) */
export async function extendSupportDueDate(deps: UseCaseDeps, request: DueDateExtension & { invoiceNumber: string; actor: string }): Promise<Bounded<SupportInvoiceRef>> {
  const { db, temporal } = deps;
  const document = await db.document.findFirst({ where: { number: request.invoiceNumber, supportMonth: { not: null } } });
  if (!document?.supportMonth) throw new NotFound('Support invoice');
  const handle = temporal.workflow.getHandle(supportBillingWorkflowId(document.organizationId, document.supportMonth));
  if ((await handle.describe()).status.name !== 'RUNNING') throw new Refused('InvoiceSettled', `Support invoice ${document.number} is paid; its billing has ended.`);
  return updateWithinBound(temporal, handle, extendSupportDueDateUpdate, [{ ...request, invoiceNumber: document.number }], deps.config.ACTION_WAIT_SECONDS * 1000);
}
