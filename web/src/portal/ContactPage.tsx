import { useMutation } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { Field, Notice, ProblemAlert, fieldErrorsOf } from '../components/ui';

/** The contact form: support answers by e-mail. */
export function ContactPage() {
  const { t } = useTranslation();
  const messageId = useId();
  const send = useMutation({ mutationFn: (body: { subject: string; message: string }) => ok(api.POST('/support/contact', { body })) });
  const errors = fieldErrorsOf(send.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    send.mutate({ subject: String(form.get('subject')).trim(), message: String(form.get('message')).trim() });
  };
  return (
    <section className="narrow">
      <h1>{t('contact.title')}</h1>
      <p>{t('contact.explain')}</p>
      {send.isSuccess ? (
        <Notice>{t('contact.sent')}</Notice>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label={t('contact.subject')} name="subject" required maxLength={200} error={errors.subject} />
          <div className={`field${errors.message ? ' field--invalid' : ''}`}>
            <label htmlFor={messageId}>{t('contact.message')}</label>
            <textarea id={messageId} name="message" rows={8} maxLength={5000} required aria-invalid={errors.message ? true : undefined} aria-describedby={errors.message ? `${messageId}-error` : undefined} />
            {errors.message && (
              <p id={`${messageId}-error`} className="error">
                <span aria-hidden="true">⚠ </span>
                {errors.message}
              </p>
            )}
          </div>
          <ProblemAlert error={send.error} />
          <button type="submit" className="primary" disabled={send.isPending}>
            {t('contact.send')}
          </button>
        </form>
      )}
    </section>
  );
}
