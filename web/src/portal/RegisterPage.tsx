import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api, ok } from '../api/client';
import type { paths } from '../api/schema';
import { Field, ProblemAlert, Select, fieldErrorsOf } from '../components/ui';
import { useSessionUpdate } from '../session';

type RegisterBody = paths['/auth/register']['post']['requestBody']['content']['application/json'];

/** A conflict that names one field (IČO already registered) is shown at that field. */
const CONFLICT_FIELDS: Record<string, string> = { 'ico-taken': 'organization.ico' };

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const updateSession = useSessionUpdate();

  const register = useMutation({
    mutationFn: async (body: RegisterBody) => {
      await ok(api.POST('/auth/register', { body }));
      return ok(api.POST('/auth/session', { body: { email: body.admin.email, password: body.admin.password } }));
    },
    onSuccess: async (session) => {
      updateSession(session);
      await navigate('/portal/orders', { replace: true });
    },
  });

  const errors = fieldErrorsOf(register.error);
  const conflictField = register.error instanceof ApiError ? CONFLICT_FIELDS[register.error.problem.type.split('/').pop() ?? ''] : undefined;
  if (conflictField && register.error) errors[conflictField] = register.error.message;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    register.mutate({
      organization: {
        name: text('name'),
        ico: text('ico'),
        ...(text('dic') ? { dic: text('dic') } : {}),
        street: text('street'),
        city: text('city'),
        postalCode: text('postalCode'),
        country: 'CZ',
        contactEmail: text('contactEmail'),
        phone: text('phone'),
        language: text('language') === 'en' ? 'en' : 'cs',
      },
      admin: { name: text('adminName'), email: text('adminEmail'), password: String(f.get('password') ?? '') },
    });
  };

  const e = (field: string) => errors[field];
  return (
    <section className="narrow">
      <h1>{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('register.company')}</legend>
          <Field label={t('register.name')} name="name" required autoComplete="organization" error={e('organization.name')} />
          <Field label={t('register.ico')} name="ico" required inputMode="numeric" hint={t('register.icoHint')} error={e('organization.ico')} />
          <Field label={t('register.dic')} name="dic" hint={t('register.dicHint')} error={e('organization.dic')} />
          <Field label={t('register.street')} name="street" required autoComplete="street-address" error={e('organization.street')} />
          <Field label={t('register.city')} name="city" required autoComplete="address-level2" error={e('organization.city')} />
          <Field label={t('register.postalCode')} name="postalCode" required autoComplete="postal-code" error={e('organization.postalCode')} />
          <Field label={t('register.contactEmail')} name="contactEmail" type="email" required autoComplete="email" error={e('organization.contactEmail')} />
          <Field label={t('register.phone')} name="phone" type="tel" required autoComplete="tel" error={e('organization.phone')} />
          <Select label={t('register.language')} name="language" defaultValue={i18n.language}>
            <option value="cs">Čeština</option>
            <option value="en">English</option>
          </Select>
        </fieldset>
        <fieldset>
          <legend>{t('register.admin')}</legend>
          <Field label={t('register.adminName')} name="adminName" required autoComplete="name" error={e('admin.name')} />
          <Field label={t('register.adminEmail')} name="adminEmail" type="email" required autoComplete="email" error={e('admin.email')} />
          <Field label={t('register.password')} name="password" type="password" required autoComplete="new-password" hint={t('register.passwordHint')} error={e('admin.password')} />
        </fieldset>
        <ProblemAlert error={register.error} />
        <button type="submit" className="primary" disabled={register.isPending}>
          {t('register.submit')}
        </button>
      </form>
      <p>
        {t('register.haveAccount')} <Link to="/portal/login">{t('register.signIn')}</Link>
      </p>
    </section>
  );
}
