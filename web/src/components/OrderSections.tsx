import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import type { DocumentSummary, OrderDetail, OrderSummary } from '../api/models';
import { useFormat } from '../format';
import { StatusBadge, WarningBadge } from './ui';

/** The API answers with `overdue` (the domain's rule: unpaid after the due date). */
export const isOverdue = (order: OrderSummary) => (order as OrderSummary & { overdue?: boolean }).overdue === true;
/** The ISDOC beside a PDF (proformas, invoices, credit notes), once stored. */
const isdocUrlOf = (document: DocumentSummary) => (document as DocumentSummary & { isdocUrl?: string | null }).isdocUrl ?? null;

export const orderQueryKey = (orderNumber: string) => ['order', orderNumber] as const;

export function useOrder(orderNumber: string) {
  return useQuery({
    queryKey: orderQueryKey(orderNumber),
    queryFn: () => ok(api.GET('/orders/{orderNumber}', { params: { path: { orderNumber } } })),
    // Documents are rendered after confirmation (a confirm may answer 202 before): look again
    // while the order is being confirmed and until every PDF is there.
    refetchInterval: (query) => (query.state.data?.status === 'CONFIRMED' || query.state.data?.documents.some((d) => !d.pdfUrl) ? 1500 : false),
  });
}

/** Lines, VAT per rate and totals: what the customer reviews and what the documents say. */
export function OrderLines({ order }: { order: OrderDetail }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const hasSupport = order.lines.some((l) => l.billedMonthlyByUse);
  return (
    <>
      <table>
        <caption>{t('order.lines')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('order.item')}</th>
            <th scope="col" className="num">{t('order.quantity')}</th>
            <th scope="col" className="num">{t('order.unitPrice')}</th>
            <th scope="col" className="num">{t('order.vatRate')}</th>
            <th scope="col" className="num">{t('order.net')}</th>
            <th scope="col" className="num">{t('order.gross')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.position}>
              <th scope="row">
                {i18n.language === 'en' ? line.name.en : line.name.cs}
                {line.billedMonthlyByUse && <small className="note"> — {t('order.billedMonthly')}</small>}
              </th>
              <td className="num">{line.quantity}</td>
              <td className="num">{f.money(line.unitPriceHalere)}</td>
              <td className="num">{line.vatRatePercent} %</td>
              <td className="num">{line.billedMonthlyByUse ? '—' : f.money(line.netHalere)}</td>
              <td className="num">{line.billedMonthlyByUse ? '—' : f.money(line.grossHalere)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="totals">
        <caption>{t('order.vatSummary')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('order.vatRate')}</th>
            <th scope="col" className="num">{t('order.base')}</th>
            <th scope="col" className="num">{t('order.vat')}</th>
            <th scope="col" className="num">{t('order.gross')}</th>
          </tr>
        </thead>
        <tbody>
          {order.vatSummary.map((row) => (
            <tr key={row.ratePercent}>
              <th scope="row">{row.ratePercent} %</th>
              <td className="num">{f.money(row.baseHalere)}</td>
              <td className="num">{f.money(row.vatHalere)}</td>
              <td className="num">{f.money(row.grossHalere)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('order.total')}</th>
            <td className="num">{f.money(order.netHalere)}</td>
            <td className="num">{f.money(order.vatHalere)}</td>
            <td className="num" data-testid="order-total">
              <strong>{f.money(order.grossHalere)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      {hasSupport && <p className="note">{t('order.supportNote')}</p>}
    </>
  );
}

/**
 * An order stopped on a problem: for staff what went wrong, since when, and what to decide; for
 * the customer that we know and will be in touch (the reason is ours to fix, not theirs).
 */
export function OrderProblemAlert({ order, forStaff }: { order: OrderDetail; forStaff: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!order.problem) return null;
  return (
    <div role="alert" className="alert alert--error">
      <strong>{t(`orderProblem.${order.problem.kind}.title`)}</strong>
      <p>{forStaff ? t(`orderProblem.${order.problem.kind}.staff`, { since: f.dateTime(order.problem.since) }) : t(`orderProblem.${order.problem.kind}.customer`)}</p>
      {forStaff && <pre className="problem-reason">{order.problem.reason}</pre>}
    </div>
  );
}

export function OrderFacts({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const address = order.deliveryAddress;
  return (
    <dl className="facts">
      <dt>{t('order.status')}</dt>
      <dd>
        <StatusBadge status={order.status} />
        {isOverdue(order) && <WarningBadge kind="overdue" />}
        {order.problem && <WarningBadge kind="problem" />}
      </dd>
      <dt>{t('order.paymentMethod')}</dt>
      <dd>{t(`payment.${order.paymentMethod}`)}</dd>
      <dt>{t('order.created')}</dt>
      <dd>{f.dateTime(order.createdAt)}</dd>
      {order.variableSymbol && (
        <>
          <dt>{t('order.variableSymbol')}</dt>
          <dd>{order.variableSymbol}</dd>
        </>
      )}
      {order.dueDate && (
        <>
          <dt>{t('order.dueDate')}</dt>
          <dd>{f.date(order.dueDate)}</dd>
        </>
      )}
      <dt>{t('order.paid')}</dt>
      <dd>
        {f.money(order.paidHalere)} / {f.money(order.grossHalere)}
      </dd>
      {order.refundDueHalere > 0 && (
        <>
          <dt>{t('order.refundDue')}</dt>
          <dd>
            {f.money(order.refundDueHalere - order.refundedHalere)}
            {order.refundedHalere > 0 ? ` (${t('order.refunded', { amount: f.money(order.refundedHalere) })})` : ''}
          </dd>
        </>
      )}
      {address.street && (
        <>
          <dt>{t('order.deliveryAddress')}</dt>
          <dd>{[address.name, address.street, `${address.postalCode ?? ''} ${address.city ?? ''}`].filter(Boolean).join(', ')}</dd>
        </>
      )}
      {order.shipment && (
        <>
          <dt>{t('order.shipment')}</dt>
          <dd>
            {order.shipment.carrier} {order.shipment.trackingNumber}
          </dd>
        </>
      )}
      {order.cancelReason && (
        <>
          <dt>{t('order.cancelReason')}</dt>
          <dd>{order.cancelReason}</dd>
        </>
      )}
    </dl>
  );
}

/** The status timeline, from the order's audit trail. */
export function OrderTimeline({ orderNumber }: { orderNumber: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const audit = useQuery({
    queryKey: [...orderQueryKey(orderNumber), 'audit'],
    queryFn: () => ok(api.GET('/orders/{orderNumber}/audit', { params: { path: { orderNumber } } })),
  });
  const events = audit.data?.items ?? [];
  // A draft has no history yet: no heading over an empty list.
  if (events.length === 0) return null;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('order.timeline')}</h2>
      <ol className="timeline">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{f.dateTime(event.at)}</time> — {event.toState ? t(`status.${event.toState}`, { defaultValue: event.toState }) : t(`order.auditAction.${event.action}`, { defaultValue: event.action })}{' '}
            <span className="actor">({t('order.actor', { name: event.actor.name, role: t(`users.roles.${event.actor.role}`, { defaultValue: event.actor.role }) })})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A document's PDF and, beside it, its ISDOC (for the customer's accounting software). */
export function DocumentDownloads({ document, label }: { document: DocumentSummary; label: string }) {
  const { t } = useTranslation();
  const isdocUrl = isdocUrlOf(document);
  if (!document.pdfUrl) return <span>{label}</span>;
  return (
    <>
      <a href={document.pdfUrl} download>
        {label} (PDF)
      </a>
      {isdocUrl && (
        <>
          {' · '}
          <a href={isdocUrl} download aria-label={t('document.isdocOf', { document: label })}>
            ISDOC
          </a>
        </>
      )}
    </>
  );
}

export function OrderDocuments({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (order.documents.length === 0) return null;
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('order.documents')}</h2>
      <ul className="documents">
        {order.documents.map((d) => (
          <li key={d.id}>
            {d.pdfUrl ? (
              <DocumentDownloads document={d} label={`${t(`document.${d.kind}`)} ${d.number ?? ''}`} />
            ) : (
              <span>
                {t(`document.${d.kind}`)} {d.number} — {t('order.documentPending')}
              </span>
            )}{' '}
            · {f.date(d.issueDate)} · {f.money(d.grossHalere)}
            {d.status === 'VOID' ? ` · ${t('document.void')}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OrderPayments({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (order.payments.length === 0) return null;
  return (
    <table>
      <caption>{t('order.payments')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('order.receivedOn')}</th>
          <th scope="col">{t('order.source')}</th>
          <th scope="col" className="num">{t('order.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {order.payments.map((p, i) => (
          <tr key={i}>
            <td>{f.date(p.receivedOn)}</td>
            <td>{t(`paymentSource.${p.source}`)}</td>
            <td className="num">{f.money(p.amountHalere)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
