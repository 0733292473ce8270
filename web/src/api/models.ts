import type { components } from './schema';

/**
 * The API's named shapes, taken from its OpenAPI document (./schema.ts is generated from it):
 * when the API changes a shape, the pages that use it stop compiling.
 */
type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type Product = Schemas['Product'];
export type OrderSummary = Schemas['OrderSummary'];
export type OrderDetail = Schemas['OrderDetail'];
export type OrderStatus = OrderSummary['status'];
export type PaymentMethod = OrderSummary['paymentMethod'];
export type DocumentSummary = Schemas['DocumentSummary'];
export type AuditEvent = Schemas['AuditEvent'];
export type Ticket = Schemas['Ticket'];
export type SupportInvoice = Schemas['SupportInvoice'];
export type SupportUsage = Schemas['SupportUsage'];
export type PaymentEntry = Schemas['PaymentEntry'];
export type BankTransaction = Schemas['BankTransaction'];
export type RefundDue = Schemas['RefundDue'];
export type ImportSummary = Schemas['ImportSummary'];
