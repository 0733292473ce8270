import { useTranslation } from 'react-i18next';

const TIME_ZONE = 'Europe/Prague';
const LOCALES = { cs: 'cs-CZ', en: 'en-GB' } as const;

/** Money, dates and numbers the Czech way (`1 290,00 Kč`, `1. 12. 2026`), in Prague time. */
export function formatters(language: string) {
  const locale = language === 'en' ? LOCALES.en : LOCALES.cs;
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CZK' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: 'numeric', month: 'numeric', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return {
    money: (halere: number) => money.format(halere / 100),
    /** An ISO date (`2026-12-01`) is a calendar day: shown as that day, whatever the zone. */
    date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '—'),
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
  };
}

/** Today in Prague as YYYY-MM-DD (the default "received on" of a payment). */
export const pragueToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(new Date());

/** What staff type ("1 290,50" or "1290.5" Kč) in haléře. */
export const crownsToHalere = (text: string) => Math.round(Number(text.replace(/\s/g, '').replace(',', '.')) * 100);

export function useFormat() {
  const { i18n } = useTranslation();
  return formatters(i18n.language);
}
