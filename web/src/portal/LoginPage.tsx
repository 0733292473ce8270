import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, ok } from '../api/client';
import type { Area } from '../components/Layout';
import { Field, ProblemAlert, fieldErrorsOf } from '../components/ui';
import { isCustomerRole, useSessionUpdate } from '../session';

export function LoginPage({ area }: { area: Area }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const updateSession = useSessionUpdate();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const signIn = useMutation({
    mutationFn: (body: { email: string; password: string }) => ok(api.POST('/auth/session', { body })),
    onSuccess: async (session) => {
      updateSession(session);
      const home = isCustomerRole(session.user.role) ? '/portal/' : '/console/';
      await navigate(from?.startsWith(home) ? from : home, { replace: true });
    },
  });
  const errors = fieldErrorsOf(signIn.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email')), password: String(form.get('password')) });
  };

  return (
    <section className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        {area === 'portal' ? t('login.portalTitle') : t('login.consoleTitle')}
      </h1>
      <form onSubmit={submit} noValidate>
        <Field label={t('login.email')} name="email" type="email" autoComplete="username" required error={errors.email} />
        <Field label={t('login.password')} name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <ProblemAlert error={signIn.error} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {t('login.submit')}
        </button>
      </form>
      {area === 'portal' && (
        <p>
          {t('login.noAccount')} <Link to="/portal/register">{t('login.register')}</Link>
        </p>
      )}
    </section>
  );
}
