import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../api/client';
import { isOverdue } from '../components/OrderSections';
import { Loading, ProblemAlert, StatusBadge, WarningBadge } from '../components/ui';
import { useFormat } from '../format';
import { Pager, useOrderList, type OrderFilter } from '../portal/OrdersPage';


/** The back office's work queues. */
const QUEUES: Record<string, OrderFilter> = {
  all: {},
  awaitingPayment: { status: 'AWAITING_PAYMENT' },
  overdue: { overdue: 'true' },
  readyToShip: { status: 'READY_TO_SHIP' },
  codToCollect: { status: 'SHIPPED', paymentMethod: 'COD' },
  shipped: { status: 'SHIPPED' },
  completed: { status: 'COMPLETED' },
  cancelled: { status: 'CANCELLED' },
  problems: { problem: 'DOCUMENTS_FAILED' },
};

export function useOrganizationNames() {
  return useQuery({
    queryKey: ['organizations', 'names'],
    queryFn: async () => new Map((await ok(api.GET('/organizations', { params: { query: { limit: 200 } } }))).items.map((o) => [o.id, o.name])),
    staleTime: 60_000,
  });
}

export default function ConsoleOrdersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const queue = params.get('queue') ?? 'all';
  const page = Number(params.get('page') ?? '1');
  const organizationId = params.get('organization') ?? undefined;
  const orders = useOrderList({ ...QUEUES[queue], ...(organizationId ? { organizationId } : {}) }, page);
  const names = useOrganizationNames();

  return (
    <section>
      <h1>{organizationId ? `${t('console.ordersTitle')}: ${names.data?.get(organizationId) ?? ''}` : t('console.ordersTitle')}</h1>
      <nav aria-label={t('console.queues')} className="queues">
        <ul>
          {Object.keys(QUEUES).map((q) => (
            <li key={q}>
              <Link to={`/console/orders?queue=${q}`} aria-current={q === queue ? 'page' : undefined}>
                {t(`console.queue.${q}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ProblemAlert error={orders.error} />
      {orders.isPending ? (
        <Loading />
      ) : orders.data?.items.length === 0 ? (
        <p>{t('orders.none')}</p>
      ) : (
        <table>
          <caption>{t(`console.queue.${queue}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('order.number')}</th>
              <th scope="col">{t('console.organization')}</th>
              <th scope="col">{t('order.created')}</th>
              <th scope="col">{t('order.status')}</th>
              <th scope="col">{t('order.paymentMethod')}</th>
              <th scope="col" className="num">{t('order.total')}</th>
              <th scope="col" className="num">{t('order.paid')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.data?.items.map((o) => (
              <tr key={o.orderNumber}>
                <th scope="row">
                  <Link to={`/console/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                </th>
                <td>{names.data?.get(o.organizationId) ?? o.organizationId}</td>
                <td>{f.date(o.createdAt)}</td>
                <td>
                  <StatusBadge status={o.status} />
                  {isOverdue(o) && <WarningBadge kind="overdue" />}
                  {o.problem && <WarningBadge kind="problem" />}
                </td>
                <td>{t(`payment.${o.paymentMethod}`)}</td>
                <td className="num">{f.money(o.grossHalere)}</td>
                <td className="num">{f.money(o.paidHalere)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {orders.data && <Pager page={page} total={orders.data.total} onPage={(p) => setParams({ queue, page: String(p), ...(organizationId ? { organization: organizationId } : {}) })} />}
    </section>
  );
}
