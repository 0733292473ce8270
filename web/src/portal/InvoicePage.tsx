import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, okAs } from '../api/client';
import type { DocumentSummary, Page } from '../api/views';
import { DocumentDownloads } from '../components/OrderSections';
import { Loading, ProblemAlert } from '../components/ui';
import { useFormat } from '../format';

type SupportInvoice = DocumentSummary & { supportMonth: string; organizationId: string };

/** One month-end support invoice, as its e-mail links to it (`/portal/invoices/<number>`). */
export function InvoicePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { number = '' } = useParams();
  const invoice = useQuery({
    queryKey: ['support', 'invoices', number],
    queryFn: async () => (await okAs<Page<SupportInvoice>>(api.GET('/support/invoices', { params: { query: { number } } }))).items[0] ?? null,
  });
  const label = `${t('document.TAX_INVOICE')} ${number}`;
  return (
    <section>
      <p>
        <Link to="/portal/tickets">← {t('support.invoices')}</Link>
      </p>
      <h1>{label}</h1>
      <ProblemAlert error={invoice.error} />
      {invoice.isPending && <Loading />}
      {invoice.data === null && <p role="alert">{t('support.invoiceNotFound')}</p>}
      {invoice.data && (
        <>
          <dl className="facts">
            <dt>{t('support.month')}</dt>
            <dd>{invoice.data.supportMonth}</dd>
            <dt>{t('order.total')}</dt>
            <dd>{f.money(invoice.data.grossHalere)}</dd>
            <dt>{t('order.paid')}</dt>
            <dd>{f.money(invoice.data.paidHalere)}</dd>
            <dt>{t('order.dueDate')}</dt>
            <dd>{f.date(invoice.data.dueDate)}</dd>
            {invoice.data.variableSymbol && (
              <>
                <dt>{t('order.variableSymbol')}</dt>
                <dd>{invoice.data.variableSymbol}</dd>
              </>
            )}
          </dl>
          <p>
            <DocumentDownloads document={invoice.data} label={label} />
          </p>
        </>
      )}
    </section>
  );
}
