import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, okAs } from '../api/client';
import type { Page } from '../api/views';
import { TicketFacts, type Ticket } from '../components/Tickets';
import { Field, Loading, ProblemAlert } from '../components/ui';
import { billingMonthOf, supportBillingWorkflowId } from '../../../workflows/support-billing/contract';
import { ticketWorkflowId } from '../../../workflows/support-ticket/contract';
import { useSession } from '../session';
import { WorkflowLink } from './WorkflowLink';

function TicketCalls({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const path = { params: { path: { code: ticket.code } } };
  const call = useMutation({
    mutationFn: (action: 'start' | 'stop') => (action === 'start' ? ok(api.POST('/tickets/{code}/calls/start', path)) : ok(api.POST('/tickets/{code}/calls/stop', path))),
    onSettled: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });
  return (
    <div className="inline-form">
      <ProblemAlert error={call.error} />
      {ticket.callRunning ? (
        <button type="button" className="primary" onClick={() => call.mutate('stop')} disabled={call.isPending}>
          {t('tickets.stopCall')}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => call.mutate('start')} disabled={call.isPending}>
          {t('tickets.startCall')}
        </button>
      )}
    </div>
  );
}

/** Consultants look a ticket up by the code the customer reads out, then start and stop calls. */
export default function ConsoleTicketsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [code, setCode] = useState('');
  const [search, setSearch] = useState('');
  const tickets = useQuery({
    queryKey: ['tickets', search],
    queryFn: () => okAs<Page<Ticket>>(api.GET('/tickets', { params: { query: search ? { code: search } : {} } })),
    refetchInterval: (query) => (query.state.data?.items.some((ticket) => ticket.callRunning) ? 15_000 : false),
  });
  const canCall = session.data?.user.role === 'CONSULTANT' || session.data?.user.role === 'ADMIN';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(code.trim());
  };

  return (
    <section>
      <h1>{t('tickets.consoleTitle')}</h1>
      <form onSubmit={submit} className="inline-form" role="search">
        <Field label={t('tickets.code')} name="code" value={code} onChange={(e) => setCode(e.target.value)} />
        <button type="submit">{t('tickets.find')}</button>
      </form>
      <ProblemAlert error={tickets.error} />
      {tickets.isPending && <Loading />}
      {tickets.data?.items.length === 0 && <p>{t('tickets.none')}</p>}
      <ul className="cards">
        {tickets.data?.items.map((ticket) => (
          <li key={ticket.code}>
            <h2>
              {t('tickets.ticket')} {ticket.code}
            </h2>
            <p>
              <WorkflowLink workflowId={ticketWorkflowId(ticket.code)} />
              {ticket.supportDay && (
                <WorkflowLink
                  workflowId={supportBillingWorkflowId(ticket.organizationId, billingMonthOf(ticket.supportDay))}
                  label={t('console.billingWorkflow', { month: billingMonthOf(ticket.supportDay) })}
                  prefix=" · "
                />
              )}
            </p>
            <TicketFacts ticket={ticket} />
            {canCall && <TicketCalls ticket={ticket} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
