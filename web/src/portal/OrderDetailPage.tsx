import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ok } from '../api/client';
import type { OrderDetail } from '../api/models';
import { OrderDocuments, OrderFacts, OrderProblemAlert, OrderLines, OrderPayments, OrderTimeline, orderQueryKey, useOrder } from '../components/OrderSections';
import { ReasonForm } from '../components/ReasonForm';
import { Loading, Notice, ProblemAlert, fieldErrorsOf } from '../components/ui';
import { useFormat } from '../format';
import { allows } from '../../../domain/order-lifecycle';

function PayByTransfer({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (order.paymentMethod !== 'BANK_TRANSFER' || order.status !== 'AWAITING_PAYMENT') return null;
  return (
    <section aria-labelledby="pay-heading" className="pay">
      <h2 id="pay-heading">{t('pay.title')}</h2>
      <p>{t('pay.explain', { amount: f.money(order.grossHalere - order.paidHalere), vs: order.variableSymbol, due: f.date(order.dueDate) })}</p>
      <img src={`/orders/${order.orderNumber}/payment-qr`} width={200} height={200} alt={t('pay.qrAlt', { amount: f.money(order.grossHalere - order.paidHalere), vs: order.variableSymbol })} />
    </section>
  );
}

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { orderNumber = '' } = useParams();
  const client = useQueryClient();
  const order = useOrder(orderNumber);
  const refresh = () => client.invalidateQueries({ queryKey: orderQueryKey(orderNumber) });

  const confirm = useMutation({
    // 202: accepted, documents not ready within the server's bound; the order is polled (useOrder) until they are.
    mutationFn: async () => {
      const answer = await api.POST('/orders/{orderNumber}/confirm', { params: { path: { orderNumber } } });
      await ok(Promise.resolve(answer));
      return { accepted: answer.response.status === 202 };
    },
    onSuccess: refresh,
  });
  const cancel = useMutation({
    mutationFn: (reason: string) => ok(api.POST('/orders/{orderNumber}/cancel', { params: { path: { orderNumber } }, body: { reason } })),
    onSuccess: refresh,
  });

  if (order.isPending) return <Loading />;
  if (!order.data) return <ProblemAlert error={order.error} />;
  const o = order.data;
  const draft = o.status === 'DRAFT';

  return (
    <section>
      <p>
        <Link to="/portal/orders">← {t('orders.title')}</Link>
      </p>
      <h1>{draft ? t('review.title', { number: o.orderNumber }) : t('order.title', { number: o.orderNumber })}</h1>
      {confirm.isSuccess && <Notice>{confirm.data.accepted && (o.status === 'DRAFT' || o.status === 'CONFIRMED') ? t('review.processing') : t('review.confirmed')}</Notice>}
      <OrderProblemAlert order={o} forStaff={false} />
      <OrderFacts order={o} />
      <OrderLines order={o} />
      {draft && (
        <div className="review">
          <p>{t(`review.ships.${o.paymentMethod}`)}</p>
          <p>{t('review.emails')}</p>
          <ProblemAlert error={confirm.error} />
          <button type="button" className="primary" onClick={() => confirm.mutate()} disabled={confirm.isPending}>
            {confirm.isPending ? t('review.confirming') : t('review.confirm')}
          </button>
        </div>
      )}
      <PayByTransfer order={o} />
      <OrderDocuments order={o} />
      <OrderPayments order={o} />
      <OrderTimeline orderNumber={o.orderNumber} />
      {allows('cancelByCustomer', o.status) && (
        <section aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t('cancel.title')}</h2>
          <ProblemAlert error={cancel.error} />
          <ReasonForm label={t('cancel.reason')} submitLabel={t('cancel.submit')} pending={cancel.isPending} error={fieldErrorsOf(cancel.error).reason} onSubmit={(reason) => cancel.mutate(reason)} />
        </section>
      )}
    </section>
  );
}
