import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, okAs } from '../api/client';
import type { DocumentSummary, Page } from '../api/views';
import { useFormat } from '../format';
import { DocumentDownloads } from './OrderSections';

interface SupportUsage {
  month: string;
  days: { ticketCode: string; supportDay: string | null; billedMinutes: number; amountHalere: number; final: boolean; invoiceNumber: string | null }[];
  billedMinutes: number;
  netHalere: number;
}

/** Support used this month (billed per started 15 minutes) and the month-end support invoices. */
export function SupportBilling() {
  const { t } = useTranslation();
  const f = useFormat();
  const usage = useQuery({ queryKey: ['support', 'usage'], queryFn: () => okAs<SupportUsage>(api.GET('/support/usage', { params: { query: {} } })) });
  const invoices = useQuery({
    queryKey: ['support', 'invoices'],
    queryFn: () => okAs<Page<DocumentSummary & { supportMonth: string; organizationId: string }>>(api.GET('/support/invoices', { params: { query: {} } })),
  });
  return (
    <>
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">{t('support.usageTitle', { month: usage.data?.month ?? '' })}</h2>
        {usage.data && (
          <p>
            {t('support.usageSummary', { minutes: usage.data.billedMinutes, amount: f.money(usage.data.netHalere) })}
          </p>
        )}
        {usage.data && usage.data.days.length > 0 && (
          <table>
            <caption className="visually-hidden">{t('support.usageTitle', { month: usage.data.month })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tickets.day')}</th>
                <th scope="col">{t('tickets.ticket')}</th>
                <th scope="col" className="num">{t('support.billedMinutes')}</th>
                <th scope="col" className="num">{t('support.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {usage.data.days.map((d) => (
                <tr key={d.ticketCode}>
                  <td>{f.date(d.supportDay)}</td>
                  <td>{d.ticketCode}</td>
                  <td className="num">{d.billedMinutes}</td>
                  <td className="num">
                    {f.money(d.amountHalere)}
                    {d.final ? '' : ` (${t('support.estimate')})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">{t('support.invoices')}</h2>
        {invoices.data?.items.length === 0 && <p>{t('support.noInvoices')}</p>}
        <ul className="documents">
          {invoices.data?.items.map((d) => (
            <li key={d.id}>
              {d.number && <Link to={`/portal/invoices/${d.number}`}>{`${t('document.TAX_INVOICE')} ${d.number}`}</Link>} ·{' '}
              <DocumentDownloads document={d} label={`${t('document.TAX_INVOICE')} ${d.number ?? ''}`} />{' '}
              · {d.supportMonth} · {f.money(d.grossHalere)} · {t('order.paid')} {f.money(d.paidHalere)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
