import { supportBilledByUseNote, supportInvoiceNote, ticketRulesText } from '../../documents/support-terms';

describe('support terms in customer-facing text', () => {
  it('states the hourly rate it is given (the catalogue price), not a fixed one', () => {
    expect(supportBilledByUseNote(129_000, 'CS')).toContain('1 290,00 Kč bez DPH za hodinu po započatých 15 minutách');
    expect(supportBilledByUseNote(150_000, 'EN')).toContain('CZK 1,500.00 excl. VAT per hour, per started 15 minutes');
  });

  it('states one rate on an invoice, or points to the lines when the rate changed within the month', () => {
    expect(supportInvoiceNote('listopad 2026', [129_000, 129_000], 'CS')).toContain('Účtuje se 1 290,00 Kč bez DPH za hodinu po započatých 15 minutách, nejvýše 2 hodiny za den.');
    expect(supportInvoiceNote('November 2026', [129_000, 150_000], 'EN')).toContain('Billed at the hourly rate shown on each line, at most 2 hours a day.');
  });

  it("gives a ticket's cap and validity from the rules", () => {
    expect(ticketRulesText('CS')).toContain('nejvýše 2 hodiny. Nevyužitý tiket vyprší po 12 měsících.');
    expect(ticketRulesText('EN')).toContain('at most 2 hours. An unused ticket expires after 12 months.');
  });
});
