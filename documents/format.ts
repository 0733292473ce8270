/**
 * Deterministic Czech/English formatting of money, dates and quantities. Written by hand rather
 * than with Intl so that a stored document renders byte-identically on any Node/ICU build
 * (Intl's cs-CZ output uses locale-data-dependent spaces).
 */
export type Language = 'CS' | 'EN';

function groupThousands(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** 1299000 -> "12 990,00 Kč" (CS) / "CZK 12,990.00" (EN). Negative amounts get a leading "-". */
export function formatMoney(halere: number, lang: Language): string {
  if (!Number.isSafeInteger(halere)) throw new Error(`Money must be integer haléře: ${halere}`);
  const sign = halere < 0 ? '-' : '';
  const abs = Math.abs(halere);
  const crowns = String(Math.trunc(abs / 100));
  const cents = String(abs % 100).padStart(2, '0');
  return lang === 'CS'
    ? `${sign}${groupThousands(crowns, ' ')},${cents} Kč`
    : `${sign}CZK ${groupThousands(crowns, ',')}.${cents}`;
}

/** Quantities may be fractional (support hours in quarter steps): 1.25 -> "1,25" / "1.25". */
export function formatQuantity(q: number, lang: Language): string {
  const fixed = Number.isInteger(q) ? String(q) : q.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  const [int = '0', frac] = fixed.split('.');
  const grouped = groupThousands(int, lang === 'CS' ? ' ' : ',');
  return frac === undefined ? grouped : `${grouped}${lang === 'CS' ? ',' : '.'}${frac}`;
}

export function formatPercent(rate: number, lang: Language): string {
  const n = formatQuantity(rate, lang);
  return lang === 'CS' ? `${n} %` : `${n}%`;
}

const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const CS_MONTHS = [
  'leden', 'únor', 'březen', 'duben', 'květen', 'červen',
  'červenec', 'srpen', 'září', 'říjen', 'listopad', 'prosinec',
];

function parseIsoDate(iso: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) throw new Error(`Date must be YYYY-MM-DD: ${iso}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** "2026-11-25" -> "25. 11. 2026" (CS) / "25 Nov 2026" (EN). Calendar dates, no time zone involved. */
export function formatDate(iso: string, lang: Language): string {
  const { y, m, d } = parseIsoDate(iso);
  if (lang === 'CS') return `${d}. ${m}. ${y}`;
  return `${d} ${(EN_MONTHS[m - 1] ?? '').slice(0, 3)} ${y}`;
}

/** "2026-11" -> "listopad 2026" / "November 2026". */
export function formatMonth(yearMonth: string, lang: Language): string {
  const match = /^(\d{4})-(\d{2})$/.exec(yearMonth);
  if (!match) throw new Error(`Month must be YYYY-MM: ${yearMonth}`);
  const m = Number(match[2]);
  const name = (lang === 'CS' ? CS_MONTHS : EN_MONTHS)[m - 1];
  if (name === undefined) throw new Error(`Invalid month: ${yearMonth}`);
  return `${name} ${match[1]}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
