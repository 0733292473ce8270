import { z } from 'zod';
import { MAX_PAYMENT_HALERE, paymentDateProblem } from '../../domain/payments';
import { pragueDate } from '../../domain/prague-calendar';

// Shared by every route that records a payment by hand (orders, support invoices), so the amount
// and date rules are the same everywhere.

/** A payment's date: an ISO day within the domain's window around today (Prague). */
export const paymentDateSchema = z.iso.date().superRefine((date, ctx) => {
  const problem = paymentDateProblem(date, pragueDate(new Date()));
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { rule: 'payment_date' } });
});

export const manualPaymentBody = z.strictObject({
  amountHalere: z.number().int().positive().max(MAX_PAYMENT_HALERE),
  receivedOn: paymentDateSchema,
});
