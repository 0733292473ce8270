import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { ProblemAlert } from '../components/ui';
import { useFormat } from '../format';
import { useMe, useWebSettings } from '../session';

const DAY_MS = 86_400_000;

/** Days left in the trial and the activation step (accepting the terms) for the admin. */
export function TrialBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const settings = useWebSettings();
  const client = useQueryClient();
  const [accepted, setAccepted] = useState(false);
  const activate = useMutation({
    mutationFn: (termsVersion: string) => ok(api.POST('/organizations/me/activation', { body: { termsVersion } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });

  const organization = me.data?.organization;
  if (!organization || organization.status === 'ACTIVE') return null;
  const daysLeft = Math.max(0, Math.ceil((Date.parse(organization.trialEndsAt) - Date.now()) / DAY_MS));
  const isAdmin = me.data?.user.role === 'CUSTOMER_ADMIN';
  const terms = settings.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (terms) activate.mutate(terms.termsVersion);
  };

  return (
    <section className="trial" aria-labelledby="trial-heading">
      <h2 id="trial-heading">
        {organization.status === 'TRIAL' ? t('trial.daysLeft', { count: daysLeft, date: format.date(organization.trialEndsAt) }) : t('trial.expired')}
      </h2>
      <p>{t('trial.explain')}</p>
      {isAdmin && terms ? (
        <form onSubmit={submit}>
          <div className="check">
            <input id="accept-terms" type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} required />
            <label htmlFor="accept-terms">
              {t('trial.accept', { version: terms.termsVersion })}{' '}
              <a href={terms.termsUrl} target="_blank" rel="noreferrer">
                {t('trial.terms')}
              </a>
            </label>
          </div>
          <ProblemAlert error={activate.error} />
          <button type="submit" className="primary" disabled={!accepted || activate.isPending}>
            {t('trial.activate')}
          </button>
        </form>
      ) : (
        <p>{t('trial.askAdmin')}</p>
      )}
    </section>
  );
}
