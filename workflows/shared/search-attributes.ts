import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Business fields ops filter workflows by in the Temporal Web UI and CLI.
 * The dev stack registers exactly these; a cluster needs them registered once
 * (`temporal operator search-attribute create --name ... --type ...`).
 */
export const OrderStatus = defineSearchAttributeKey('OrderStatus', 'KEYWORD');
export const OrganizationId = defineSearchAttributeKey('OrganizationId', 'KEYWORD');
export const PaymentMethod = defineSearchAttributeKey('PaymentMethod', 'KEYWORD');
export const OrderNumber = defineSearchAttributeKey('OrderNumber', 'KEYWORD');
export const DocumentNumber = defineSearchAttributeKey('DocumentNumber', 'KEYWORD_LIST');
export const TicketStatus = defineSearchAttributeKey('TicketStatus', 'KEYWORD');
export const BillingMonth = defineSearchAttributeKey('BillingMonth', 'KEYWORD');

export const allSearchAttributes = [
  OrderStatus,
  OrganizationId,
  PaymentMethod,
  OrderNumber,
  DocumentNumber,
  TicketStatus,
  BillingMonth,
] as const;

/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  const cliType = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList' } as const;
  return allSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type as keyof typeof cliType]}`]);
}
