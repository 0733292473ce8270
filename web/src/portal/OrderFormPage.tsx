import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, idempotencyKey, ok } from '../api/client';
import type { paths } from '../api/schema';
import type { PaymentMethod } from '../api/models';
import { Field, Loading, ProblemAlert, fieldErrorsOf } from '../components/ui';
import { useFormat } from '../format';

type OrderBody = paths['/orders']['post']['requestBody']['content']['application/json'];

/** The catalogue and the order form: components and support tickets, payment, delivery. */
export function OrderFormPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const catalogue = useQuery({ queryKey: ['catalogue'], queryFn: () => ok(api.GET('/catalogue')), staleTime: 60_000 });
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod>('BANK_TRANSFER');
  const [otherAddress, setOtherAddress] = useState(false);
  // One key per filled-in form: a double submit or a retry creates one draft.
  const [key] = useState(idempotencyKey);
  const [sentSkus, setSentSkus] = useState<string[]>([]);

  const create = useMutation({
    mutationFn: (body: OrderBody) => ok(api.POST('/orders', { params: { header: { 'idempotency-key': key } }, body })),
    onSuccess: async (order) => navigate(`/portal/orders/${order.orderNumber}`),
  });
  const errors = fieldErrorsOf(create.error);
  const lineError = (sku: string) => {
    const index = sentSkus.indexOf(sku);
    return index >= 0 ? (errors[`lines[${index}].quantity`] ?? errors[`lines[${index}].sku`]) : undefined;
  };

  if (catalogue.isPending) return <Loading />;
  const products = catalogue.data?.items ?? [];
  const estimate = products.filter((p) => p.kind === 'COMPONENT').reduce((sum, p) => sum + (quantities[p.sku] ?? 0) * p.unitPriceHalere, 0);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const lines = products.filter((p) => (quantities[p.sku] ?? 0) > 0).map((p) => ({ sku: p.sku, quantity: quantities[p.sku]! }));
    setSentSkus(lines.map((l) => l.sku));
    const text = (name: string) => String(form.get(name) ?? '').trim();
    create.mutate({
      paymentMethod,
      lines,
      ...(otherAddress
        ? { deliveryAddress: { name: text('deliveryName'), street: text('deliveryStreet'), city: text('deliveryCity'), postalCode: text('deliveryPostalCode'), country: 'CZ' as const } }
        : {}),
    });
  };

  return (
    <section>
      <h1>{t('orderForm.title')}</h1>
      <ProblemAlert error={catalogue.error} />
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('orderForm.catalogue')}</legend>
          {products.map((p) => (
            <Field
              key={p.sku}
              label={`${i18n.language === 'en' ? p.nameEn : p.nameCs} — ${f.money(p.unitPriceHalere)} ${p.kind === 'SERVICE' ? t('orderForm.perHour') : t('orderForm.perPiece')} (${t('orderForm.withoutVat')})`}
              name={`qty-${p.sku}`}
              type="number"
              min={0}
              max={1000}
              inputMode="numeric"
              value={quantities[p.sku] ?? 0}
              onChange={(e) => setQuantities({ ...quantities, [p.sku]: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })}
              hint={p.kind === 'SERVICE' ? t('orderForm.supportHint') : undefined}
              error={lineError(p.sku)}
            />
          ))}
          {errors.lines && (
            <p className="error" role="alert">
              {t('orderForm.pickSomething')}
            </p>
          )}
          <p>
            {t('orderForm.estimate')}: <strong>{f.money(estimate)}</strong> {t('orderForm.withoutVat')}
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('order.paymentMethod')}</legend>
          {(['BANK_TRANSFER', 'COD'] as const).map((method) => (
            <div className="check" key={method}>
              <input id={`pay-${method}`} type="radio" name="paymentMethod" value={method} checked={paymentMethod === method} onChange={() => setPaymentMethod(method)} />
              <label htmlFor={`pay-${method}`}>
                {t(`payment.${method}`)} — {t(`orderForm.explain.${method}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('order.deliveryAddress')}</legend>
          <div className="check">
            <input id="other-address" type="checkbox" checked={otherAddress} onChange={(e) => setOtherAddress(e.target.checked)} />
            <label htmlFor="other-address">{t('orderForm.otherAddress')}</label>
          </div>
          {otherAddress && (
            <>
              <Field label={t('orderForm.deliveryName')} name="deliveryName" required error={errors['deliveryAddress.name']} />
              <Field label={t('register.street')} name="deliveryStreet" required error={errors['deliveryAddress.street']} />
              <Field label={t('register.city')} name="deliveryCity" required error={errors['deliveryAddress.city']} />
              <Field label={t('register.postalCode')} name="deliveryPostalCode" required error={errors['deliveryAddress.postalCode']} />
            </>
          )}
        </fieldset>
        <ProblemAlert error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('orderForm.review')}
        </button>
      </form>
    </section>
  );
}
