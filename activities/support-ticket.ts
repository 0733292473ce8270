import { ApplicationFailure } from '@temporalio/common';
import { SYSTEM_ACTOR } from '../domain/actor';
import { billedMinutes, supportAmountHalere } from '../domain/support-usage';
import type { Prisma } from '../infra/db';
import { recordAudit } from '../persistence/audit';
import { reportUsageToBilling } from '../workflows/support-billing/start';
import type { SupportUsageReport } from '../workflows/support-billing/contract';
import type { CallEndReason, StoredTicket } from '../workflows/support-ticket/contract';
import type { ActivityDeps } from './deps';

/** The catalogue product whose price bills a support day. */
export const SUPPORT_SKU = 'SUPPORT-DAY';

const notFound = (message: string) => ApplicationFailure.create({ type: 'TicketNotFound', message, nonRetryable: true });

/**
 * Activities of the support ticket workflow: each mirrors one step into PostgreSQL, safe to
 * retry; the last reports the day's usage to the billing month.
 */
export function createSupportTicketActivities({ db, config, temporal }: Pick<ActivityDeps, 'db' | 'config' | 'temporal'>) {
  const ticketAudit = async (
    tx: Prisma.TransactionClient,
    ticket: { id: string; organizationId: string },
    entry: { key: string; actor: string; action: string; from?: string; to?: string; details?: Prisma.InputJsonValue; at?: string },
  ) =>
    recordAudit(tx, {
      key: entry.key,
      actor: entry.actor,
      organizationId: ticket.organizationId,
      entityType: 'TICKET',
      entityId: ticket.id,
      action: entry.action,
      fromState: entry.from ?? null,
      toState: entry.to ?? null,
      ...(entry.details !== undefined ? { details: entry.details } : {}),
      ...(entry.at ? { at: new Date(entry.at) } : {}),
    });

  return {
    /** The ticket's stored record: where its workflow starts (or resumes) from. */
    async loadTicket(input: { code: string }): Promise<StoredTicket> {
      const ticket = await db.supportTicket.findUnique({ where: { code: input.code } });
      if (!ticket) throw notFound(`No support ticket ${input.code}.`);
      return {
        ticketId: ticket.id,
        organizationId: ticket.organizationId,
        status: ticket.status,
        supportDay: ticket.supportDay,
        usedSeconds: ticket.usedSeconds,
        expiresAt: ticket.expiresAt.toISOString(),
      };
    },

    async recordTicketActivated(input: { ticketId: string; code: string; supportDay: string; actor: string; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const ticket = await tx.supportTicket.update({ where: { id: input.ticketId }, data: { status: 'ACTIVE', supportDay: input.supportDay } });
        await ticketAudit(tx, ticket, { key: `ticket:${input.ticketId}:active`, actor: input.actor, action: 'STATUS_CHANGED', from: 'ISSUED', to: 'ACTIVE', details: { supportDay: input.supportDay }, at: input.at });
      });
    },

    async recordCallStarted(input: { ticketId: string; consultantId: string; startedAt: string }): Promise<void> {
      const startedAt = new Date(input.startedAt);
      await db.$transaction(async (tx) => {
        const ticket = await tx.supportTicket.findUniqueOrThrow({ where: { id: input.ticketId } });
        await tx.supportCall.upsert({
          where: { ticketId_startedAt: { ticketId: input.ticketId, startedAt } },
          update: {},
          create: { ticketId: input.ticketId, consultantId: input.consultantId, startedAt },
        });
        await ticketAudit(tx, ticket, { key: `ticket:${input.ticketId}:call:${input.startedAt}:start`, actor: input.consultantId, action: 'CALL_STARTED', at: input.startedAt });
      });
    },

    async recordCallEnded(input: { ticketId: string; startedAt: string; endedAt: string; endReason: CallEndReason; usedSeconds: number; actor: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.supportCall.update({
          where: { ticketId_startedAt: { ticketId: input.ticketId, startedAt: new Date(input.startedAt) } },
          data: { endedAt: new Date(input.endedAt), endReason: input.endReason },
        });
        const ticket = await tx.supportTicket.update({ where: { id: input.ticketId }, data: { usedSeconds: input.usedSeconds } });
        await ticketAudit(tx, ticket, {
          key: `ticket:${input.ticketId}:call:${input.startedAt}:end`,
          actor: input.actor,
          action: 'CALL_ENDED',
          details: { endReason: input.endReason, usedSeconds: input.usedSeconds },
          at: input.endedAt,
        });
      });
    },

    async recordTicketClosed(input: { ticketId: string; status: 'CONSUMED' | 'EXPIRED' | 'VOID'; usedSeconds: number; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const before = await tx.supportTicket.findUniqueOrThrow({ where: { id: input.ticketId } });
        const ticket = await tx.supportTicket.update({ where: { id: input.ticketId }, data: { status: input.status, usedSeconds: input.usedSeconds } });
        await ticketAudit(tx, ticket, {
          key: `ticket:${input.ticketId}:${input.status.toLowerCase()}`,
          actor: SYSTEM_ACTOR,
          action: 'STATUS_CHANGED',
          from: before.status,
          to: input.status,
          details: { usedSeconds: input.usedSeconds },
          at: input.at,
        });
      });
    },

    /**
     * Records the day's usage (one row per ticket, priced with today's SUPPORT-DAY rate) and
     * signals it to the organisation's billing month, starting that workflow if needed. A retry
     * finds the row and sends the same report; the billing workflow counts a ticket once.
     */
    async reportSupportUsage(input: { ticketId: string; code: string; organizationId: string; supportDay: string; usedSeconds: number }): Promise<{
      reported: boolean;
      month: string;
      billedMinutes: number;
      amountHalere: number;
    }> {
      const month = input.supportDay.slice(0, 7);
      const minutes = billedMinutes(input.usedSeconds);
      const product = await db.product.findUniqueOrThrow({ where: { sku: SUPPORT_SKU } });
      const usage = await db.supportUsage.upsert({
        where: { ticketId: input.ticketId },
        update: {},
        create: {
          ticketId: input.ticketId,
          organizationId: input.organizationId,
          month,
          supportDay: input.supportDay,
          billedMinutes: minutes,
          amountHalere: supportAmountHalere(minutes, product.unitPriceHalere),
        },
      });
      // Nothing to bill for a day whose calls lasted under a second.
      if (usage.billedMinutes === 0) return { reported: false, month, billedMinutes: 0, amountHalere: 0 };
      const report: SupportUsageReport = {
        ticketId: input.ticketId,
        ticketCode: input.code,
        supportDay: usage.supportDay,
        usedSeconds: input.usedSeconds,
        billedMinutes: usage.billedMinutes,
        // The rate the amount was computed with: hourly = amount × 60 / minutes.
        hourlyRateHalere: Math.round((usage.amountHalere * 60) / usage.billedMinutes),
        vatRatePercent: product.vatRatePercent,
        amountHalere: usage.amountHalere,
      };
      await reportUsageToBilling(temporal, config, input.organizationId, report);
      return { reported: true, month: usage.month, billedMinutes: usage.billedMinutes, amountHalere: usage.amountHalere };
    },
  };
}
