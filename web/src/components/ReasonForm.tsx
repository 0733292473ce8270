import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './ui';

/** A one-field form asking why (cancel, returned parcel). */
export function ReasonForm({ label, submitLabel, error, pending, onSubmit }: { label: string; submitLabel: string; error?: string; pending: boolean; onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(reason);
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <Field label={label} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} error={error} hint={t('common.reasonHint')} />
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
