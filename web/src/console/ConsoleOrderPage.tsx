import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, idempotencyKey, ok } from '../api/client';
import { OrderDocuments, OrderFacts, OrderProblemAlert, OrderLines, OrderPayments, OrderTimeline, orderQueryKey, useOrder } from '../components/OrderSections';
import { ReasonForm } from '../components/ReasonForm';
import { Field, Loading, Notice, ProblemAlert, fieldErrorsOf, refusalText } from '../components/ui';
import { crownsToHalere, pragueToday, useFormat } from '../format';
import { problemSlugOf } from '../../../domain/errors';
import { isFinal, refusal, type OrderAction, type OrderStatus } from '../../../domain/order-lifecycle';
import { orderWorkflowId } from '../../../workflows/order/contract';
import { useOrganizationNames } from './ConsoleOrdersPage';
import { WorkflowLink } from './WorkflowLink';


/**
 * An action's place on the order page: its form when the order's status allows it, otherwise
 * why not (the same rule and wording as the workflow's refusal).
 */
function ActionSection({ action, status, title, children }: { action: OrderAction; status: OrderStatus; title: string; children: ReactNode }) {
  const refused = refusal(action, status);
  const id = `${action}-title`;
  return (
    <section aria-labelledby={id} className="inline-form">
      <h3 id={id}>{title}</h3>
      {refused ? <p className="note">{refusalText(problemSlugOf(refused.type), refused.message)}</p> : children}
    </section>
  );
}

/**
 * One order for the back office, with the actions its status allows; a refusal (the order moved
 * on meanwhile) is shown with the reason the workflow gave.
 */
export default function ConsoleOrderPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { orderNumber = '' } = useParams();
  const client = useQueryClient();
  const order = useOrder(orderNumber);
  const names = useOrganizationNames();
  const [done, setDone] = useState<string>();
  const [paymentKey, setPaymentKey] = useState(idempotencyKey);
  const path = { params: { path: { orderNumber } } };

  // Each action is one mutation, created in the same order on every render.
  const useAction = <A,>(name: string, run: (arg: A) => Promise<unknown>) =>
    useMutation({
      mutationFn: run,
      onMutate: () => setDone(undefined),
      onSuccess: async () => {
        setDone(name);
        await client.invalidateQueries({ queryKey: orderQueryKey(orderNumber) });
      },
    });
  const pay = useAction('payment', (body: { amountHalere: number; receivedOn: string }) =>
    ok(api.POST('/orders/{orderNumber}/payments', { params: { path: { orderNumber }, header: { 'idempotency-key': paymentKey } }, body })).then(() => setPaymentKey(idempotencyKey())),
  );
  const ship = useAction('shipment', (body: { carrier: string; trackingNumber: string }) => ok(api.POST('/orders/{orderNumber}/shipment', { ...path, body })));
  const deliver = useAction('delivery', () => ok(api.POST('/orders/{orderNumber}/delivery', path)));
  const returned = useAction('return', (reason: string) => ok(api.POST('/orders/{orderNumber}/return', { ...path, body: { reason } })));
  const cancel = useAction('cancel', (reason: string) => ok(api.POST('/orders/{orderNumber}/cancel', { ...path, body: { reason } })));

  if (order.isPending) return <Loading />;
  if (!order.data) return <ProblemAlert error={order.error} />;
  const o = order.data;
  const due = o.grossHalere - o.paidHalere;

  const submitPayment = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    pay.mutate({ amountHalere: crownsToHalere(String(form.get('amount'))), receivedOn: String(form.get('receivedOn')) });
  };
  const submitShipment = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    ship.mutate({ carrier: String(form.get('carrier')), trackingNumber: String(form.get('trackingNumber')) });
  };
  const payErrors = fieldErrorsOf(pay.error);
  const shipErrors = fieldErrorsOf(ship.error);

  return (
    <section>
      <p>
        <Link to="/console/orders">← {t('console.ordersTitle')}</Link>
      </p>
      <h1>{t('order.title', { number: o.orderNumber })}</h1>
      <p>
        {t('console.organization')}: <strong>{names.data?.get(o.organizationId) ?? o.organizationId}</strong>
        <WorkflowLink workflowId={orderWorkflowId(o.orderNumber)} prefix=" · " />
      </p>
      {done && <Notice>{t(`console.done.${done}`)}</Notice>}
      <OrderProblemAlert order={o} forStaff />
      <OrderFacts order={o} />

      <section aria-labelledby="actions-heading" className="actions">
        <h2 id="actions-heading">{t('console.actions')}</h2>
        {isFinal(o.status) ? (
          <p className="note">{t('problems.order-closed')}</p>
        ) : (
          <>
            <ActionSection action="pay" status={o.status} title={t('console.recordPayment')}>
              <form onSubmit={submitPayment} noValidate>
                <Field label={t('console.amountCzk')} name="amount" inputMode="decimal" defaultValue={due > 0 ? (due / 100).toFixed(2).replace('.', ',') : ''} error={payErrors.amountHalere} />
                <Field label={t('order.receivedOn')} name="receivedOn" type="date" defaultValue={pragueToday()} error={payErrors.receivedOn} />
                <ProblemAlert error={pay.error} />
                <button type="submit" disabled={pay.isPending}>
                  {t('console.recordPayment')}
                </button>
              </form>
            </ActionSection>

            <ActionSection action="ship" status={o.status} title={t('console.ship')}>
              <form onSubmit={submitShipment} noValidate>
                {o.paymentMethod === 'COD' && (
                  <p className="cod">
                    {t('console.codInfo', { amount: f.money(o.shipment?.codAmountHalere ?? due), vs: o.variableSymbol ?? '—' })}
                  </p>
                )}
                <Field label={t('console.carrier')} name="carrier" defaultValue="PPL" error={shipErrors.carrier} />
                <Field label={t('console.trackingNumber')} name="trackingNumber" error={shipErrors.trackingNumber} />
                <ProblemAlert error={ship.error} />
                <button type="submit" disabled={ship.isPending}>
                  {t('console.ship')}
                </button>
              </form>
            </ActionSection>

            <ActionSection action="deliver" status={o.status} title={t('console.delivered')}>
              <ProblemAlert error={deliver.error} />
              <button type="button" onClick={() => deliver.mutate(undefined)} disabled={deliver.isPending}>
                {t('console.markDelivered')}
              </button>
            </ActionSection>

            <ActionSection action="return" status={o.status} title={t('console.returned')}>
              <ProblemAlert error={returned.error} />
              <ReasonForm label={t('console.returnReason')} submitLabel={t('console.markReturned')} pending={returned.isPending} error={fieldErrorsOf(returned.error).reason} onSubmit={(r) => returned.mutate(r)} />
            </ActionSection>

            <ActionSection action="cancelByStaff" status={o.status} title={t('cancel.title')}>
              <ProblemAlert error={cancel.error} />
              <ReasonForm label={t('cancel.reason')} submitLabel={t('cancel.submit')} pending={cancel.isPending} error={fieldErrorsOf(cancel.error).reason} onSubmit={(r) => cancel.mutate(r)} />
            </ActionSection>
          </>
        )}
      </section>

      <OrderLines order={o} />
      <OrderDocuments order={o} />
      <OrderPayments order={o} />
      <OrderTimeline orderNumber={o.orderNumber} />
    </section>
  );
}
