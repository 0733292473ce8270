import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { createSupportTicketActivities } from '../../activities/support-ticket';
import { addDays, pragueDate, startOfPragueDay } from '../../domain/prague-calendar';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { SUPPORT_DAY_CAP_SECONDS, ticketUsage } from '../../domain/support-usage';
import { refuse } from '../shared/refusal';
import { createSerializer } from '../shared/serializer';
import {
  startCallUpdate,
  stopCallUpdate,
  ticketSearchAttributes,
  ticketStateQuery,
  voidTicketSignal,
  type CallEndReason,
  type SupportCallView,
  type TicketStatus,
  type TicketView,
  type TicketWorkflowInput,
} from './contract';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../shared/activity-options';

const CAP_MS = SUPPORT_DAY_CAP_SECONDS * 1000;

const support = proxyActivities<ReturnType<typeof createSupportTicketActivities>>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ValidationError', 'TicketNotFound'] },
});

/**
 * One support ticket (`ticket-<code>`): ISSUED → ACTIVE at the first call, which fixes its
 * Prague day → CONSUMED when that day ends (whatever was used), or EXPIRED when unused at
 * `expiresAt` (12 months). Calls are updates so the consultant gets the state or the refusal.
 * The workflow decides; activities mirror calls and states into PostgreSQL. Once consumed, the
 * day's usage is reported to the organisation's billing month.
 */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketView> {
  const serialized = createSerializer();
  let loaded = false;
  let status: TicketStatus = 'ISSUED';
  let ticketId = '';
  let expiresAtMs = Number.POSITIVE_INFINITY;
  let supportDay: string | undefined;
  let closedUsedMs = 0;
  let running: { consultantId: string; startedAtMs: number; index: number } | undefined;
  /** The order was cancelled: void the ticket unless it is already in use. */
  let voidRequested = false;
  const calls: SupportCallView[] = [];

  const usedSeconds = () => Math.floor(closedUsedMs / 1000);
  const view = (): TicketView => {
    return {
      code: input.code,
      organizationId: input.organizationId,
      status,
      ...(supportDay ? { supportDay } : {}),
      ...(Number.isFinite(expiresAtMs) ? { expiresAt: new Date(expiresAtMs).toISOString() } : {}),
      calls: calls.map((c) => ({ ...c })),
      ...(running ? { runningSince: new Date(running.startedAtMs).toISOString() } : {}),
      ...ticketUsage(usedSeconds()),
    };
  };
  const dayEndMs = () => startOfPragueDay(addDays(supportDay!, 1)).getTime();
  const publish = () => upsertSearchAttributes([{ key: ticketSearchAttributes.status, value: status }]);

  /** Why a call cannot start now, or undefined. */
  const startRefusal = (): [string, string] | undefined => {
    const now = Date.now();
    if (status === 'CONSUMED') return ['TicketConsumed', `Ticket ${input.code} is consumed: its support day (${supportDay ?? 'unknown'}) is over.`];
    if (status === 'VOID' || (voidRequested && status === 'ISSUED')) return ['TicketVoid', `Ticket ${input.code} is void: its order was cancelled.`];
    if (status === 'EXPIRED' || now >= expiresAtMs) return ['TicketExpired', `Ticket ${input.code} expired unused.`];
    if (running) return ['CallAlreadyRunning', `A call on ticket ${input.code} is already running since ${new Date(running.startedAtMs).toISOString()}.`];
    if (supportDay && pragueDate(new Date(now)) !== supportDay) return ['AnotherDay', `Ticket ${input.code} is for ${supportDay} (Europe/Prague); it cannot be used on another day.`];
    if (closedUsedMs >= CAP_MS) return ['DayCapReached', `The 2 hours of ticket ${input.code} on ${supportDay ?? 'its day'} are used up.`];
    return undefined;
  };

  /** Ends the running call at `now`, never past the 2-hour cap or the end of the day. */
  const endCall = async (reason: CallEndReason, actor: string) => {
    const call = running!;
    const endedAtMs = Math.min(Date.now(), call.startedAtMs + (CAP_MS - closedUsedMs), dayEndMs());
    const durationMs = Math.max(0, endedAtMs - call.startedAtMs);
    closedUsedMs += durationMs;
    running = undefined;
    const entry = calls[call.index]!;
    entry.endedAt = new Date(endedAtMs).toISOString();
    entry.durationSeconds = Math.floor(durationMs / 1000);
    entry.endReason = reason;
    await support.recordCallEnded({ ticketId, startedAt: entry.startedAt, endedAt: entry.endedAt, endReason: reason, usedSeconds: usedSeconds(), actor });
  };

  setHandler(ticketStateQuery, view);
  setHandler(voidTicketSignal, () => {
    voidRequested = true;
  });

  setHandler(
    startCallUpdate,
    ({ consultantId }) =>
      serialized(async () => {
        await condition(() => loaded);
        const refusal = startRefusal();
        if (refusal) refuse(...refusal);
        const startedAtMs = Date.now();
        if (status === 'ISSUED') {
          supportDay = pragueDate(new Date(startedAtMs));
          await support.recordTicketActivated({ ticketId, code: input.code, supportDay, actor: consultantId, at: new Date(startedAtMs).toISOString() });
          status = 'ACTIVE';
          publish();
        }
        const startedAt = new Date(startedAtMs).toISOString();
        await support.recordCallStarted({ ticketId, consultantId, startedAt });
        calls.push({ consultantId, startedAt });
        running = { consultantId, startedAtMs, index: calls.length - 1 };
        return view();
      }),
    {
      validator: ({ consultantId }) => {
        if (typeof consultantId !== 'string' || !consultantId) refuse('ValidationError', 'consultantId is required.');
        const refusal = loaded ? startRefusal() : undefined;
        if (refusal) refuse(...refusal);
      },
    },
  );

  setHandler(
    stopCallUpdate,
    ({ consultantId }) =>
      serialized(async () => {
        if (!running) refuse('NoRunningCall', `No call is running on ticket ${input.code}.`);
        await endCall('STOPPED', consultantId);
        return view();
      }),
    {
      validator: ({ consultantId }) => {
        if (typeof consultantId !== 'string' || !consultantId) refuse('ValidationError', 'consultantId is required.');
        if (!running) refuse('NoRunningCall', `No call is running on ticket ${input.code}.`);
      },
    },
  );

  upsertSearchAttributes([
    { key: ticketSearchAttributes.status, value: status },
    { key: ticketSearchAttributes.organizationId, value: input.organizationId },
  ]);

  // The database row is the ticket's record: a workflow started late (by the API, or again after
  // a repair) continues from what it says.
  const stored = await support.loadTicket({ code: input.code });
  ticketId = stored.ticketId;
  expiresAtMs = Date.parse(stored.expiresAt);
  status = stored.status;
  supportDay = stored.supportDay ?? undefined;
  closedUsedMs = stored.usedSeconds * 1000;
  loaded = true;
  publish();
  if (status === 'CONSUMED' || status === 'EXPIRED' || status === 'VOID') return view();

  if (status === 'ISSUED') {
    const activated = await condition(() => status !== 'ISSUED' || voidRequested, Math.max(1, expiresAtMs - Date.now()));
    if (!activated || voidRequested) {
      const closedAs: TicketStatus = voidRequested ? 'VOID' : 'EXPIRED';
      const closed = await serialized(async () => {
        if (status !== 'ISSUED') return false; // a call started at the very last moment wins
        await support.recordTicketClosed({ ticketId, status: closedAs, usedSeconds: 0, at: new Date().toISOString() });
        status = closedAs;
        publish();
        return true;
      });
      if (closed) {
        await condition(allHandlersFinished);
        return view();
      }
    }
  }

  // ACTIVE: stop the running call at the cap; close everything at the next Prague midnight.
  for (;;) {
    const now = Date.now();
    const end = dayEndMs();
    if (now >= end) break;
    const call = running;
    if (call) {
      const capAt = call.startedAtMs + (CAP_MS - closedUsedMs);
      const deadline = Math.min(capAt, end);
      const changed = await condition(() => running !== call, Math.max(1, deadline - now));
      if (!changed) {
        await serialized(async () => {
          if (running === call) await endCall(capAt <= end ? 'CAP_REACHED' : 'DAY_ENDED', SYSTEM_ACTOR);
        });
      }
    } else {
      await condition(() => running !== undefined, Math.max(1, end - now));
    }
  }
  await serialized(async () => {
    if (running) await endCall('DAY_ENDED', SYSTEM_ACTOR);
    await support.recordTicketClosed({ ticketId, status: 'CONSUMED', usedSeconds: usedSeconds(), at: new Date().toISOString() });
    status = 'CONSUMED';
    publish();
  });

  // Reported once per ticket: the billing workflow and the usage row both dedupe by ticket.
  await support.reportSupportUsage({ ticketId, code: input.code, organizationId: input.organizationId, supportDay: supportDay!, usedSeconds: usedSeconds() });
  await condition(allHandlersFinished);
  return view();
}
