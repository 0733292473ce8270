/**
 * What documents and e-mails tell the customer about aTime Support: the hourly rate comes from
 * the catalogue (the SUPPORT-DAY product), the day's cap, billing step and ticket validity
 * from the rules in domain/support-usage.ts. No number here is written twice.
 */
import { BILLING_INCREMENT_MINUTES, SUPPORT_DAY_CAP_MINUTES, TICKET_VALIDITY_MONTHS } from '../domain/support-usage';
import { formatMoney, type Language } from './format';

/** 1 → "1 hodina", 2 → "2 hodiny", 5 → "5 hodin" (Czech has three plural forms). */
function czechCount(n: number, one: string, few: string, many: string): string {
  return `${n} ${n === 1 ? one : n >= 2 && n <= 4 ? few : many}`;
}

const capHours = SUPPORT_DAY_CAP_MINUTES / 60;

/** "nejvýše 2 hodiny" / "at most 2 hours" */
function capText(language: Language): string {
  return language === 'CS' ? `nejvýše ${czechCount(capHours, 'hodina', 'hodiny', 'hodin')}` : `at most ${capHours} hour${capHours === 1 ? '' : 's'}`;
}

/** "nejvýše 2 hodiny za den" / "at most 2 hours a day" */
function dailyCapText(language: Language): string {
  return `${capText(language)}${language === 'CS' ? ' za den' : ' a day'}`;
}

/** "1 290,00 Kč bez DPH za hodinu po započatých 15 minutách" */
export function hourlyRateText(hourlyRateHalere: number, language: Language): string {
  return language === 'CS'
    ? `${formatMoney(hourlyRateHalere, language)} bez DPH za hodinu po započatých ${BILLING_INCREMENT_MINUTES} minutách`
    : `${formatMoney(hourlyRateHalere, language)} excl. VAT per hour, per started ${BILLING_INCREMENT_MINUTES} minutes`;
}

/** The note on an order confirmation that lists support tickets: billed monthly by use. */
export function supportBilledByUseNote(hourlyRateHalere: number, language: Language): string {
  return language === 'CS'
    ? `aTime Support se účtuje po skončení měsíce podle skutečného čerpání (${hourlyRateText(hourlyRateHalere, language)}).`
    : `aTime Support is invoiced after the end of each month by actual use (${hourlyRateText(hourlyRateHalere, language)}).`;
}

/**
 * The opening note of a month's support invoice. `hourlyRatesHalere` are the rates of its lines:
 * one rate is stated; should the catalogue price have changed within the month, each line shows its own.
 */
export function supportInvoiceNote(monthText: string, hourlyRatesHalere: readonly number[], language: Language): string {
  const rates = [...new Set(hourlyRatesHalere)];
  const rate = rates.length === 1 ? rates[0]! : undefined;
  if (language === 'CS') {
    const billing = rate === undefined ? 'Účtuje se hodinovou sazbou uvedenou u řádku' : `Účtuje se ${hourlyRateText(rate, language)}`;
    return `Vyúčtování podpory aTime Support za období ${monthText}: jeden řádek za každý den podpory (datum, tiket, účtovaná doba). ${billing}, ${dailyCapText(language)}.`;
  }
  const billing = rate === undefined ? 'Billed at the hourly rate shown on each line' : `Billed at ${hourlyRateText(rate, language)}`;
  return `aTime Support for ${monthText}: one line per support day (date, ticket, billed time). ${billing}, ${dailyCapText(language)}.`;
}

/** What a ticket gives, for the order e-mail. */
export function ticketRulesText(language: Language): string {
  return language === 'CS'
    ? `Každý tiket platí na jeden den podpory, ${capText(language)}. Nevyužitý tiket vyprší po ${TICKET_VALIDITY_MONTHS} měsících. Při kontaktu s podporou uveďte kód tiketu.`
    : `Each ticket covers one day of support, ${capText(language)}. An unused ticket expires after ${TICKET_VALIDITY_MONTHS} months. Quote the ticket code when you contact support.`;
}
