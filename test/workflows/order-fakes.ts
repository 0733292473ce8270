import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { DocumentKind } from '../../documents/document-content';
import { eventually } from '../helpers/eventually';
import { scheduledAt, type Activities, type ActivityCall, type FakeActivities } from '../helpers/workflow-test';

/** The order workflow's activities as the workflow tests fake them (test/workflows/order.test.ts). */
type Call<K extends keyof Activities> = ActivityCall<K>;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const INVOICE_TOTAL = 1_571_790; // 12 990 Kč + 21 % VAT, what the invoice issued at confirmation asks

/**
 * In-memory stand-ins for the database, numbering, PDF and mail: what the workflow asked for.
 * `renderFails` / `numberingFails`: the kind whose content cannot be rendered / numbered (fails
 * for good, as the real activities do).
 */
export function createFakeActivities(ticketCodes: string[] = [], { renderFails, numberingFails }: { renderFails?: DocumentKind; numberingFails?: DocumentKind } = {}) {
  // What the real activity throws for content that breaks the ISDOC rules; its transaction rolled back.
  const numberingFailure = (kind: DocumentKind) => ApplicationFailure.create({ type: 'IsdocError', message: `${kind}: ISDOC: the buyer has no address`, nonRetryable: true });
  const calls: Call<keyof Activities>[] = [];
  const kindOf = new Map<string, DocumentKind>();
  /** Tickets that stay open (ISSUED until used, valid a year), by code; others load as expired. */
  const ticketStatus = new Map<string, string>();
  const ticketIds = new Map<string, string>();
  const payments = new Map<string, number>();
  let documentCount = 0;
  const record = <K extends keyof Activities>(name: K, input: Parameters<Activities[K]>[0]) => calls.push({ name, at: scheduledAt(), input } as Call<K>);
  const issuedByKey = new Map<string, Awaited<ReturnType<Activities['issueOrderDocument']>>>();
  // How far imported bank statements reach: by default far ahead, so cancellation never waits.
  const statements = { coveredUntil: '2999-12-31' as string | null };
  // The mail server: while down, every send fails as SMTP does when nothing listens.
  const mail = { down: false, failedAttempts: 0 };
  // The three steps the one-step confirmation folds together: it is recorded as its own call
  // and as these, so that the assertions read the same for either path.
  const steps = {
    async recordOrderTransition(input: Parameters<Activities['recordOrderTransition']>[0]) {
      record('recordOrderTransition', input);
    },
    async issueOrderDocument(input: Parameters<Activities['issueOrderDocument']>[0]) {
      record('issueOrderDocument', input);
      if (input.kind === numberingFails) throw numberingFailure(input.kind);
      const existing = issuedByKey.get(input.key);
      if (existing) return existing;
      documentCount += 1;
      const payableHalere = input.kind === 'ORDER_CONFIRMATION' ? 0 : input.kind === 'CREDIT_NOTE' ? -INVOICE_TOTAL : input.settlesDocumentId ? 0 : INVOICE_TOTAL;
      const ref = { documentId: randomUUID(), kind: input.kind, number: `20260000${documentCount}`, payableHalere };
      issuedByKey.set(input.key, ref);
      kindOf.set(ref.documentId, input.kind);
      return ref;
    },
    async issueTickets(input: Parameters<Activities['issueTickets']>[0]) {
      record('issueTickets', input);
      return ticketCodes;
    },
  };
  const activities: FakeActivities = {
    ...steps,
    async recordConfirmation(input) {
      record('recordConfirmation', input);
      if (numberingFails && input.documents.some((d) => d.kind === numberingFails)) throw numberingFailure(numberingFails);
      const { orderId } = input.transition;
      await steps.recordOrderTransition(input.transition);
      const documents = [];
      for (const request of input.documents) documents.push(await steps.issueOrderDocument({ orderId, ...request }));
      return { documents, ticketCodes: await steps.issueTickets({ orderId }) };
    },
    async voidDocument(input) {
      record('voidDocument', input);
    },
    async recordPayment(input) {
      record('recordPayment', input);
      const counted = !payments.has(input.externalId);
      if (counted) payments.set(input.externalId, input.amountHalere);
      return { counted, paidHalere: [...payments.values()].reduce((a, b) => a + b, 0) };
    },
    async returnBankPayment(input) {
      record('returnBankPayment', input);
    },
    async recordShipment(input) {
      record('recordShipment', input);
      return { codAmountHalere: INVOICE_TOTAL };
    },
    async sendOrderEmail(input) {
      if (mail.down) {
        mail.failedAttempts += 1;
        throw new Error('connect ECONNREFUSED 127.0.0.1:1025');
      }
      record('sendOrderEmail', input);
    },
    async renderDocumentPdf(input) {
      record('renderDocumentPdf', input);
      // What the real activity throws for content it cannot render (here a QR amount too long).
      if (renderFails && kindOf.get(input.documentId) === renderFails) {
        throw ApplicationFailure.create({ type: 'DocumentContentError', message: 'QR Platba: Amount too large for SPAYD (max 10 characters): 15718900.00', nonRetryable: true });
      }
      return { sha256: 'f'.repeat(64), bytes: 1000 };
    },
    // The ticket workflows the order starts load their ticket: here one that expired, so each ends at once.
    async loadTicket(input) {
      record('loadTicket', input);
      const open = ticketStatus.get(input.code);
      if (open) {
        ticketIds.set(ticketIds.get(input.code) ?? randomUUID(), input.code);
        const ticketId = [...ticketIds].find(([, code]) => code === input.code)![0];
        return { ticketId, organizationId: 'org', status: 'ISSUED', supportDay: null, usedSeconds: 0, expiresAt: new Date(scheduledAt() + 365 * DAY).toISOString() };
      }
      return { ticketId: randomUUID(), organizationId: 'org', status: 'EXPIRED', supportDay: null, usedSeconds: 0, expiresAt: new Date(scheduledAt()).toISOString() };
    },
    async unusedTicketCodes(input) {
      record('unusedTicketCodes', input);
      return ticketCodes.filter((code) => ticketStatus.get(code) === 'ISSUED');
    },
    async setCancellationWait(input) {
      record('setCancellationWait', input);
    },
    async flagOrderProblem(input) {
      record('flagOrderProblem', input);
    },
    async recordTicketActivated(input) {
      record('recordTicketActivated', input);
      ticketStatus.set(ticketIds.get(input.ticketId)!, 'ACTIVE');
    },
    async recordCallStarted(input) {
      record('recordCallStarted', input);
    },
    async recordCallEnded(input) {
      record('recordCallEnded', input);
    },
    async recordTicketClosed(input) {
      record('recordTicketClosed', input);
      ticketStatus.set(ticketIds.get(input.ticketId)!, input.status);
    },
    async reportSupportUsage(input) {
      record('reportSupportUsage', input);
      return { reported: true, month: input.supportDay.slice(0, 7), billedMinutes: 0, amountHalere: 0 };
    },
    async extendOrderDueDate(input) {
      record('extendOrderDueDate', input);
    },
    async statementsCoveredUntil() {
      record('statementsCoveredUntil', undefined as never);
      return statements.coveredUntil;
    },
  };
  const of = <K extends keyof Activities>(name: K) => calls.filter((c): c is Call<K> => c.name === name);
  const emails = () => of('sendOrderEmail').map((c) => ({ kind: c.input.message.kind, key: c.input.key, at: c.at, message: c.input.message }));
  return {
    activities,
    statements,
    ticketStatus,
    mail,
    calls,
    of,
    emails,
    /** E-mails go out beside the order's path: the kinds sent, once they are the ones expected (in any order). */
    sent: (...kinds: string[]) =>
      eventually(() => {
        expect(emails().map((e) => e.kind).sort()).toEqual([...kinds].sort());
        return emails();
      }),
    transitions: () => of('recordOrderTransition').map((c) => `${c.input.from}->${c.input.to}`),
    documents: () => [...issuedByKey.values()],
  };
}
