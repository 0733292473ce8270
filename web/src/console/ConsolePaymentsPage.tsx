import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../api/client';
import type { BankTransaction as BankMovement, RefundDue } from '../api/models';
import { Field, Notice, ProblemAlert, Select, fieldErrorsOf, refusalText } from '../components/ui';
import { useFormat } from '../format';
import { Pager } from '../portal/OrdersPage';

/** A movement's reason in the reader's language, from its code and data (movements from before codes were kept: the API's English sentence). */
function Reason({ movement: m }: { movement: BankMovement }) {
  const { t } = useTranslation();
  const f = useFormat();
  // An import that stopped before matching it leaves a movement PENDING with no reason yet.
  if (!m.reasonCode) return <>{m.reason ?? (m.status === 'PENDING' ? t('payments.notMatchedYet') : '—')}</>;
  const p = m.reasonParams ?? {};
  return (
    <>
      {t(`payments.reasons.${m.reasonCode}`, {
        ...p,
        amount: f.money(p.amountHalere ?? 0),
        collected: (p.collectedHalere ?? []).map((halere) => f.money(halere)).join(', '),
        collectedOn: f.date(p.collectedOn),
        orderStatus: p.orderStatus ? t(`status.${p.orderStatus}`, { defaultValue: p.orderStatus }) : '',
        whose: p.orderNumber ? t('order.title', { number: p.orderNumber }) : t('support.usageTitle', { month: p.billingMonth }),
        refusal: p.problem ? refusalText(p.problem, p.detail) : p.detail,
      })}
    </>
  );
}

/** What staff need to recognise a movement: amount, day, symbol, who sent it from which account, and why it is here. */
function MovementSummary({ movement: m }: { movement: BankMovement }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <p>
        <strong>{f.money(m.amountHalere)}</strong> · {f.date(m.bookedOn)} · {t('order.variableSymbol')}: {m.variableSymbol ?? '—'} · {m.counterpartyName ?? ''}
        {m.counterpartyAccount ? ` (${m.counterpartyAccount})` : ''} {m.message ? `· ${m.message}` : ''}
      </p>
      <p>
        {t('payments.reason')}: <Reason movement={m} />
      </p>
    </>
  );
}

/** Money owed back (a payment flagged for refund, or an order's): staff send it by bank, then record it here. */
function RefundedButton({ record }: { record: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refunded = useMutation({
    mutationFn: record,
    onSuccess: () => client.invalidateQueries({ queryKey: ['payments'] }),
  });
  return (
    <div className="inline-form">
      <ProblemAlert error={refunded.error} />
      <button type="button" onClick={() => refunded.mutate()} disabled={refunded.isPending}>
        {t('payments.markRefunded')}
      </button>
    </div>
  );
}

/** An order that owes its customer money (overpaid, or paid and cancelled), recorded as refunded with the amount staff saw. */
function OrderRefund({ refund: r }: { refund: RefundDue }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <p>
        <strong>{f.money(r.outstandingHalere)}</strong> · <Link to={`/console/orders/${r.orderNumber}`}>{t('order.title', { number: r.orderNumber })}</Link> · {r.organizationName} ·{' '}
        {t(`status.${r.status}`)}
      </p>
      <p>
        {t('payments.orderRefundReason', { paid: f.money(r.paidHalere), invoiced: f.money(r.invoicedHalere) })}
        {r.cancelReason ? ` ${t('order.cancelReason')}: ${r.cancelReason}` : ''}
        {r.refundedHalere > 0 ? ` ${t('order.refunded', { amount: f.money(r.refundedHalere) })}` : ''}
      </p>
      <RefundedButton
        record={() => ok(api.POST('/payments/refunds-due/{orderNumber}/refunded', { params: { path: { orderNumber: r.orderNumber } }, body: { amountHalere: r.outstandingHalere } }))}
      />
    </>
  );
}

function AssignForm({ movement }: { movement: BankMovement }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [documentNumber, setDocumentNumber] = useState('');
  const assign = useMutation({
    mutationFn: () => ok(api.POST('/payments/unmatched/{id}/assign', { params: { path: { id: movement.id } }, body: { documentNumber } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['payments'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field label={t('payments.documentNumber')} name={`document-${movement.id}`} value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} error={fieldErrorsOf(assign.error).documentNumber} />
      <ProblemAlert error={assign.error} />
      <button type="submit" disabled={assign.isPending}>
        {t('payments.assign')}
      </button>
    </form>
  );
}

// The lists come in the API's order (movements oldest first, as staff work through them; the
// ledger newest first), this many a page.
const LIST_PAGE_SIZE = 50;

/** One page of a list and the pager under it (none while the list fits on one page), named `list`. */
function usePagedList<T extends { total: number }>(name: string, list: string, fetchPage: (page: number, pageSize: number) => Promise<T>) {
  const [page, setPage] = useState(1);
  const query = useQuery({ queryKey: ['payments', name, page], queryFn: () => fetchPage(page, LIST_PAGE_SIZE) });
  const pager = query.data && query.data.total > LIST_PAGE_SIZE ? <Pager page={page} total={query.data.total} pageSize={LIST_PAGE_SIZE} onPage={setPage} list={list} /> : null;
  return { ...query, pager };
}

/** Bank statements in, credits nobody could match assigned by hand, payments to send back, and the ledger of everything paid. */
export default function ConsolePaymentsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const unmatched = usePagedList('unmatched', t('payments.unmatched'), (page, pageSize) => ok(api.GET('/payments/unmatched', { params: { query: { page, pageSize } } })));
  const refunds = usePagedList('refunds', t('payments.refundMovements'), (page, pageSize) => ok(api.GET('/payments/unmatched', { params: { query: { status: 'REFUND_DUE', page, pageSize } } })));
  // Movements not yet with their workflows: PENDING (not matched yet) and HANDING_OVER (matched, being
  // handed over after the import answered). Looked at again while any wait: they leave on their own.
  const waiting = useQuery({
    queryKey: ['payments', 'waiting'],
    queryFn: async () => {
      const [pending, handingOver] = await Promise.all(
        (['PENDING', 'HANDING_OVER'] as const).map((status) => ok(api.GET('/payments/unmatched', { params: { query: { status } } }))),
      );
      return [...pending!.items, ...handingOver!.items];
    },
    refetchInterval: (query) => (query.state.data?.length ? 5_000 : false),
  });
  const handOver = useMutation({
    mutationFn: () => ok(api.POST('/payments/pending/hand-over')),
    onSuccess: () => client.invalidateQueries({ queryKey: ['payments'] }),
  });
  const orderRefunds = usePagedList('order-refunds', t('payments.refundOrders'), (page, pageSize) => ok(api.GET('/payments/refunds-due', { params: { query: { page, pageSize } } })));
  const ledger = usePagedList('ledger', t('payments.ledger'), (page, pageSize) => ok(api.GET('/payments', { params: { query: { page, pageSize } } })));
  const upload = useMutation({
    mutationFn: (form: FormData) =>
      ok(api.POST('/payments/imports', { body: form as never, bodySerializer: (body: unknown) => body as FormData })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['payments'] }),
  });
  const submitUpload = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    upload.mutate(new FormData(event.currentTarget));
  };

  return (
    <section>
      <h1>{t('payments.title')}</h1>
      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('payments.upload')}</h2>
        <form onSubmit={submitUpload} className="inline-form">
          <div className="field">
            <label htmlFor="statement-file">{t('payments.file')}</label>
            <input id="statement-file" name="file" type="file" required />
          </div>
          <Select label={t('payments.format')} name="format" defaultValue="gpc">
            <option value="gpc">GPC / ABO</option>
            <option value="fio-json">Fio JSON</option>
          </Select>
          <ProblemAlert error={upload.error} />
          <button type="submit" className="primary" disabled={upload.isPending}>
            {t('payments.import')}
          </button>
        </form>
        {upload.data && <Notice>{t('payments.imported', { ...upload.data })}</Notice>}
        {upload.data && upload.data.warnings.length > 0 && (
          // The statement does not add up (e.g. a partial export): imported, but worth a look.
          <div role="alert" className="alert alert--warning">
            <strong>{t('payments.warningsTitle')}</strong>
            <ul>
              {upload.data.warnings.map((w) => (
                <li key={w.rule}>{t(`payments.warning.${w.rule}`, { stated: f.money(w.statedHalere), computed: f.money(w.computedHalere) })}</li>
              ))}
            </ul>
          </div>
        )}
      </section>

      {(!!waiting.data?.length || handOver.data) && (
        // Shown until their workflows have them (e.g. while Temporal is unreachable).
        <section aria-labelledby="pending-heading">
          <h2 id="pending-heading">{t('payments.pending')}</h2>
          {handOver.data && <Notice>{t('payments.handedOver', { ...handOver.data })}</Notice>}
          <ProblemAlert error={waiting.error ?? handOver.error} />
          <ul className="cards">
            {waiting.data?.map((m) => (
              <li key={m.id}>
                <MovementSummary movement={m} />
                {m.status === 'HANDING_OVER' && <p>{t('payments.handingOver', { document: m.documentNumber })}</p>}
              </li>
            ))}
          </ul>
          {!!waiting.data?.length && (
            <button type="button" onClick={() => handOver.mutate()} disabled={handOver.isPending}>
              {t('payments.handOver')}
            </button>
          )}
        </section>
      )}

      <section aria-labelledby="unmatched-heading">
        <h2 id="unmatched-heading">{t('payments.unmatched')}</h2>
        <ProblemAlert error={unmatched.error} />
        {unmatched.data?.items.length === 0 && <p>{t('payments.noneUnmatched')}</p>}
        <ul className="cards">
          {unmatched.data?.items.map((m) => (
            <li key={m.id}>
              <MovementSummary movement={m} />
              <AssignForm movement={m} />
            </li>
          ))}
        </ul>
        {unmatched.pager}
      </section>

      <section aria-labelledby="refunds-heading">
        <h2 id="refunds-heading">{t('payments.refunds')}</h2>
        <ProblemAlert error={refunds.error ?? orderRefunds.error} />
        {refunds.data?.items.length === 0 && orderRefunds.data?.items.length === 0 && <p>{t('payments.noneToRefund')}</p>}
        {!!orderRefunds.data?.totalHalere && <p>{t('payments.ordersOwe', { amount: f.money(orderRefunds.data.totalHalere), count: orderRefunds.data.total })}</p>}
        <ul className="cards">
          {orderRefunds.data?.items.map((r) => (
            <li key={r.orderNumber}>
              <OrderRefund refund={r} />
            </li>
          ))}
          {refunds.data?.items.map((m) => (
            <li key={m.id}>
              <MovementSummary movement={m} />
              <RefundedButton record={() => ok(api.POST('/payments/unmatched/{id}/refunded', { params: { path: { id: m.id } } }))} />
            </li>
          ))}
        </ul>
        {orderRefunds.pager}
        {refunds.pager}
      </section>

      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">{t('payments.ledger')}</h2>
        <table>
          <caption className="visually-hidden">{t('payments.ledger')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('order.receivedOn')}</th>
              <th scope="col">{t('order.source')}</th>
              <th scope="col">{t('order.number')}</th>
              <th scope="col">{t('payments.documentNumber')}</th>
              <th scope="col">{t('order.variableSymbol')}</th>
              <th scope="col" className="num">{t('order.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.data?.items.map((p) => (
              <tr key={p.id}>
                <td>{f.date(p.receivedOn)}</td>
                <td>
                  {t(`paymentSource.${p.source}`)}
                  {p.assignedByHand ? ` (${t('payments.byHand')})` : ''}
                </td>
                <td>{p.orderNumber ? <Link to={`/console/orders/${p.orderNumber}`}>{p.orderNumber}</Link> : '—'}</td>
                <td>{p.documentNumber ?? '—'}</td>
                <td>{p.variableSymbol ?? '—'}</td>
                <td className="num">{f.money(p.amountHalere)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {ledger.pager}
      </section>
    </section>
  );
}
