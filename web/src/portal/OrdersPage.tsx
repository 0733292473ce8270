import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../api/client';
import type { OrderStatus, PaymentMethod } from '../api/models';
import { isOverdue } from '../components/OrderSections';
import { Loading, ProblemAlert, Select, StatusBadge, WarningBadge } from '../components/ui';
import { useFormat } from '../format';
import { ORDER_STATUSES, type OrderProblemKind } from '../../../domain/order-lifecycle';

/** The statuses to filter by: CONFIRMED lasts only while the documents are issued. */
const FILTER_STATUSES = ORDER_STATUSES.filter((s) => s !== 'CONFIRMED');
const PAGE_SIZE = 20;

export interface OrderFilter {
  status?: OrderStatus;
  paymentMethod?: PaymentMethod;
  /** Back office only. */
  organizationId?: string;
  /** Still awaiting payment after the due date (the API applies the domain's rule). */
  overdue?: 'true';
  /** Back office: orders stopped on a problem staff must decide. */
  problem?: OrderProblemKind;
}

export function useOrderList(filter: OrderFilter, page: number) {
  return useQuery({
    queryKey: ['orders', filter, page],
    queryFn: () => ok(api.GET('/orders', { params: { query: { ...filter, page, pageSize: PAGE_SIZE } } })),
  });
}

/** Previous/next over a list of `total` items. */
/** `list` names what is paged, for a page with more than one pager (each navigation its own name). */
export function Pager({ page, total, onPage, pageSize = PAGE_SIZE, list }: { page: number; total: number; onPage: (page: number) => void; pageSize?: number; list?: string }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={list ? t('common.pagesOf', { list }) : t('common.pages')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.previous')}
      </button>
      <span>{t('common.pageOf', { page, pages })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')}
      </button>
    </nav>
  );
}

export function OrdersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as OrderStatus | undefined;
  const page = Number(params.get('page') ?? '1');
  const orders = useOrderList(status ? { status } : {}, page);

  return (
    <section>
      <h1>{t('orders.title')}</h1>
      <p>
        <Link to="/portal/orders/new" className="button primary">
          {t('nav.newOrder')}
        </Link>
      </p>
      <Select label={t('orders.filterStatus')} value={status ?? ''} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
        <option value="">{t('orders.all')}</option>
        {FILTER_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </Select>
      <ProblemAlert error={orders.error} />
      {orders.isPending ? (
        <Loading />
      ) : orders.data?.items.length === 0 ? (
        <p>{t('orders.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('orders.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('order.number')}</th>
              <th scope="col">{t('order.created')}</th>
              <th scope="col">{t('order.status')}</th>
              <th scope="col">{t('order.paymentMethod')}</th>
              <th scope="col" className="num">{t('order.total')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.data?.items.map((o) => (
              <tr key={o.orderNumber}>
                <th scope="row">
                  <Link to={`/portal/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                </th>
                <td>{f.date(o.createdAt)}</td>
                <td>
                  <StatusBadge status={o.status} />
                  {isOverdue(o) && <WarningBadge kind="overdue" />}
                </td>
                <td>{t(`payment.${o.paymentMethod}`)}</td>
                <td className="num">{f.money(o.grossHalere)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {orders.data && <Pager page={page} total={orders.data.total} onPage={(p) => setParams({ ...(status ? { status } : {}), page: String(p) })} />}
    </section>
  );
}
