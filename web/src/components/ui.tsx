import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import i18n from '../i18n';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  /** The API's message for this field (from problem+json `errors[].field`). */
  error?: string;
  hint?: string;
}

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function Field({ label, name, error, hint, ...input }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {error && (
        <p id={`${id}-error`} className="error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  children: ReactNode;
}

export function Select({ label, children, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {children}
      </select>
    </div>
  );
}

/** A problem's `type` slug: `https://atime.example/problems/ship-refused` → `ship-refused`. */
const problemSlug = (type: string) => type.slice(type.lastIndexOf('/') + 1);

/**
 * A refusal in the page's language, keyed by its problem slug (`ship-refused`); the English
 * `fallback` for a slug not translated, so no refusal is ever shown without its reason.
 */
export const refusalText = (slug: string, fallback: string | undefined): string => i18n.t(`problems.${slug}`, { defaultValue: fallback });

/** A refused request's reason in the page's language (see refusalText). */
export function problemMessage(error: ApiError): string {
  return refusalText(problemSlug(error.problem.type), error.message);
}

/**
 * A failed action, announced to screen readers: a refusal or conflict with the API's reason, or
 * (when the API named fields) a pointer to the fields, whose own messages sit next to them.
 */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = !(error instanceof ApiError) ? t('common.unexpectedError') : error.problem.errors?.length ? t('common.fixFields') : problemMessage(error);
  return (
    <div role="alert" className="alert alert--error">
      <strong>{t('common.refused')}</strong> {text}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="alert alert--ok">
      <span aria-hidden="true">✔ </span>
      {children}
    </div>
  );
}

const STATUS_SYMBOL: Record<string, string> = {
  DRAFT: '✎',
  CONFIRMED: '✓',
  AWAITING_PAYMENT: '◷',
  READY_TO_SHIP: '▣',
  SHIPPED: '➜',
  DELIVERED: '✓',
  COMPLETED: '✔',
  CANCELLED: '✕',
  EXPIRED: '⊘',
};

/** Status as words plus a symbol; colour only repeats what the text says. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${status.toLowerCase()}`}>
      <span aria-hidden="true">{STATUS_SYMBOL[status] ?? '•'} </span>
      {t(`status.${status}`)}
    </span>
  );
}

/** A warning beside the status (unpaid past the due date; stopped, waiting for staff to decide): words and a symbol, like the status. */
export function WarningBadge({ kind }: { kind: 'overdue' | 'problem' }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${kind}`}>
      <span aria-hidden="true">⚠ </span>
      {t(`status.${kind}`)}
    </span>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/**
 * Field errors of a failed mutation, keyed like `organization.ico`, in the page's language: the
 * API names the rule that failed, its English message is the fallback for rules not translated.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(Object.entries(error.fieldErrors()).map(([field, e]) => [field, i18n.t(`rules.${e.rule}`, { defaultValue: e.message })]));
}
