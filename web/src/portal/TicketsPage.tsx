import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, okAs } from '../api/client';
import type { Page } from '../api/views';
import { SupportBilling } from '../components/SupportBilling';
import { TicketFacts, type Ticket } from '../components/Tickets';
import { Loading, ProblemAlert } from '../components/ui';

function TicketCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  return (
    <>
      <h2>
        {t('tickets.ticket')} {ticket.code}
      </h2>
      {ticket.orderNumber && (
        <p>
          <Link to={`/portal/orders/${ticket.orderNumber}`}>{t('order.title', { number: ticket.orderNumber })}</Link>
        </p>
      )}
      <TicketFacts ticket={ticket} />
    </>
  );
}

/** One ticket, as a ticket e-mail links to it (`/portal/tickets/<code>`). */
function OneTicket({ code }: { code: string }) {
  const { t } = useTranslation();
  const ticket = useQuery({ queryKey: ['tickets', code], queryFn: () => okAs<Ticket>(api.GET('/tickets/{code}', { params: { path: { code } } })) });
  return (
    <section>
      <p>
        <Link to="/portal/tickets">← {t('tickets.title')}</Link>
      </p>
      <h1>{t('tickets.title')}</h1>
      <ProblemAlert error={ticket.error} />
      {ticket.isPending && <Loading />}
      {ticket.data && (
        <ul className="cards">
          <li>
            <TicketCard ticket={ticket.data} />
          </li>
        </ul>
      )}
    </section>
  );
}

export function TicketsPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const tickets = useQuery({ queryKey: ['tickets'], queryFn: () => okAs<Page<Ticket>>(api.GET('/tickets', { params: { query: {} } })), enabled: !code });
  if (code) return <OneTicket code={code} />;
  if (tickets.isPending) return <Loading />;
  return (
    <section>
      <h1>{t('tickets.title')}</h1>
      <p>{t('tickets.explain')}</p>
      <ProblemAlert error={tickets.error} />
      {tickets.data?.items.length === 0 && <p>{t('tickets.none')}</p>}
      <ul className="cards">
        {tickets.data?.items.map((ticket) => (
          <li key={ticket.code}>
            <TicketCard ticket={ticket} />
          </li>
        ))}
      </ul>
      <SupportBilling />
    </section>
  );
}
