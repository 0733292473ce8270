import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../api/client';
import { SupportBilling } from '../components/SupportBilling';
import { TicketFacts } from '../components/Tickets';
import { Loading, ProblemAlert } from '../components/ui';

export function TicketsPage() {
  const { t } = useTranslation();
  const tickets = useQuery({ queryKey: ['tickets'], queryFn: () => ok(api.GET('/tickets', { params: { query: {} } })) });
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
            <h2>
              {t('tickets.ticket')} {ticket.code}
            </h2>
            {ticket.orderNumber && (
              <p>
                <Link to={`/portal/orders/${ticket.orderNumber}`}>{t('order.title', { number: ticket.orderNumber })}</Link>
              </p>
            )}
            <TicketFacts ticket={ticket} />
          </li>
        ))}
      </ul>
      <SupportBilling />
    </section>
  );
}
