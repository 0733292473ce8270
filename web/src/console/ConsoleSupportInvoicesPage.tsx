import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, idempotencyKey, ok, okAs } from '../api/client';
import type { DocumentSummary, Page } from '../api/views';
import { Field, Notice, ProblemAlert, fieldErrorsOf } from '../components/ui';
import { crownsToHalere, pragueToday, useFormat } from '../format';
import { supportBillingWorkflowId } from '../../../workflows/support-billing/contract';
import { DocumentDownloads } from '../components/OrderSections';
import { WorkflowLink } from './WorkflowLink';
import { useOrganizationNames } from './ConsoleOrdersPage';

type SupportInvoice = DocumentSummary & { supportMonth: string; organizationId: string };


function RecordSupportPayment({ invoice }: { invoice: SupportInvoice }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [key, setKey] = useState(idempotencyKey);
  const pay = useMutation({
    mutationFn: (body: { amountHalere: number; receivedOn: string }) =>
      ok(api.POST('/support/invoices/{number}/payments', { params: { path: { number: invoice.number ?? '' }, header: { 'idempotency-key': key } }, body })),
    onSuccess: async () => {
      setKey(idempotencyKey());
      await client.invalidateQueries({ queryKey: ['support-invoices'] });
    },
  });
  const errors = fieldErrorsOf(pay.error);
  const due = invoice.grossHalere - invoice.paidHalere;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    pay.mutate({ amountHalere: crownsToHalere(String(form.get('amount'))), receivedOn: String(form.get('receivedOn')) });
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field label={t('console.amountCzk')} name="amount" inputMode="decimal" defaultValue={due > 0 ? (due / 100).toFixed(2).replace('.', ',') : ''} error={errors.amountHalere} />
      <Field label={t('order.receivedOn')} name="receivedOn" type="date" defaultValue={pragueToday()} error={errors.receivedOn} />
      <ProblemAlert error={pay.error} />
      {pay.isSuccess && <Notice>{t('console.done.payment')}</Notice>}
      <button type="submit" disabled={pay.isPending}>
        {t('console.recordPayment')}
      </button>
    </form>
  );
}

/** Month-end support invoices across organisations, their payments and their billing workflows. */
export default function ConsoleSupportInvoicesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const names = useOrganizationNames();
  const invoices = useQuery({ queryKey: ['support-invoices'], queryFn: () => okAs<Page<SupportInvoice>>(api.GET('/support/invoices', { params: { query: {} } })) });
  return (
    <section>
      <h1>{t('support.invoices')}</h1>
      <ProblemAlert error={invoices.error} />
      {invoices.data?.items.length === 0 && <p>{t('support.noInvoices')}</p>}
      <ul className="cards">
        {invoices.data?.items.map((invoice) => (
          <li key={invoice.id}>
            <h2>
              {t('document.TAX_INVOICE')} {invoice.number} · {invoice.supportMonth}
            </h2>
            <p>
              {names.data?.get(invoice.organizationId) ?? invoice.organizationId} · {f.money(invoice.grossHalere)} · {t('order.paid')} {f.money(invoice.paidHalere)} ·{' '}
              {t('order.dueDate')} {f.date(invoice.dueDate)}
              {' · '}
              <DocumentDownloads document={invoice} label={`${t('document.TAX_INVOICE')} ${invoice.number ?? ''}`} />
              <WorkflowLink workflowId={supportBillingWorkflowId(invoice.organizationId, invoice.supportMonth)} prefix=" · " />
            </p>
            {invoice.paidHalere < invoice.grossHalere && <RecordSupportPayment invoice={invoice} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
