import { buildOrderDocumentContent, type OrderWithLines } from '../../activities/order-document-content';
import { buildSupportInvoiceContent } from '../../activities/support-invoice-content';
import type { DocumentContent } from '../../documents/document-content';
import type { IsdocFacts } from '../../documents/isdoc/isdoc-invoice';
import { computeLine } from '../../domain/vat';
import { loadConfig } from '../../infra/config';
import type { Organization } from '../../infra/db';

/**
 * Documents of every kind made by the real content builders (the ones the activities call), from
 * an order with 21 % and 12 % lines and prices whose COD total needs rounding, and a month of
 * support. Each comes with the facts the ISDOC builder needs (its Document id, the corrected one).
 */
const config = loadConfig({});

const organization = {
  id: '5c0d9a4e-1f2b-4c3d-8e9f-0a1b2c3d4e5f',
  name: 'Žluťoučký kůň a.s. & "syn" <dílna>',
  ico: '12345678',
  dic: 'CZ12345678',
  street: 'Úpětí 12',
  city: 'Brno',
  postalCode: '602 00',
  country: 'CZ',
  contactEmail: 'ucetni@kun.example',
  phone: '+420 601 234 567',
  language: 'CS',
} as unknown as Organization;

function orderLine(position: number, sku: string, name: string, quantity: number, unitPriceHalere: number, vatRatePercent: number) {
  return {
    position,
    sku,
    nameCs: name,
    nameEn: name,
    kind: 'COMPONENT',
    quantity,
    unitPriceHalere,
    vatRatePercent,
    ...computeLine({ quantity, unitPriceHalere, vatRatePercent }),
  };
}

function order(paymentMethod: 'COD' | 'BANK_TRANSFER', number: string, org: Organization = organization): OrderWithLines {
  return {
    number,
    paymentMethod,
    termsVersion: '2026-01',
    deliveryName: 'Žluťoučký kůň a.s. – sklad',
    deliveryStreet: 'Skladová 7a',
    deliveryCity: 'Brno',
    deliveryPostalCode: '602 00',
    deliveryCountry: 'CZ',
    organization: org,
    lines: [
      orderLine(1, 'T1', 'Docházkový terminál aTime T1', 2, 1299033, 21),
      orderLine(2, 'CARD', 'Bezkontaktní karta ISO 14443A', 50, 3917, 21),
      orderLine(3, 'MANUAL', 'Tištěná příručka', 3, 24999, 12),
      {
        ...orderLine(4, 'SUPPORT-TICKET', 'aTime Support', 1, 0, 21),
        kind: 'SERVICE',
      },
    ],
  } as unknown as OrderWithLines;
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface IsdocFixture {
  name: string;
  content: DocumentContent;
  facts: IsdocFacts;
}

export function isdocFixtures(): IsdocFixture[] {
  const transfer = order('BANK_TRANSFER', 'OBJ-2026-000042');
  const cod = order('COD', 'OBJ-2026-000043');
  const proforma = buildOrderDocumentContent(transfer, config, {
    kind: 'PROFORMA_INVOICE',
    number: '2026100042',
    issueDate: '2026-11-02',
    dueDate: '2026-11-16',
  });
  const settled = buildOrderDocumentContent(transfer, config, {
    kind: 'TAX_INVOICE',
    number: '2026200042',
    issueDate: '2026-11-05',
    taxableSupplyDate: '2026-11-05',
    settles: { number: proforma.number, paidHalere: proforma.payableHalere },
  });
  const codInvoice = buildOrderDocumentContent(cod, config, {
    kind: 'TAX_INVOICE',
    number: '2026200043',
    issueDate: '2026-11-06',
    taxableSupplyDate: '2026-11-06',
  });
  const codCredit = buildOrderDocumentContent(cod, config, {
    kind: 'CREDIT_NOTE',
    number: '2026300007',
    issueDate: '2026-11-20',
    taxableSupplyDate: '2026-11-20',
    corrects: codInvoice,
    reason: 'Zrušení objednávky – zásilka vrácena',
  });
  const settledCredit = buildOrderDocumentContent(transfer, config, {
    kind: 'CREDIT_NOTE',
    number: '2026300008',
    issueDate: '2026-11-21',
    taxableSupplyDate: '2026-11-21',
    corrects: settled,
    reason: 'Reklamace',
  });
  const support = buildSupportInvoiceContent({ ...organization, language: 'EN' } as Organization, config, {
    number: '2026200051',
    month: '2026-11',
    issueDate: '2026-12-01',
    dueDate: '2026-12-15',
    productName: { CS: 'aTime Support – servisní tiket', EN: 'aTime Support – service ticket' },
    usages: [
      { ticketId: 't1', ticketCode: 'SUP-7KQ2-M4XD', supportDay: '2026-11-03', usedSeconds: 4321, billedMinutes: 75, hourlyRateHalere: 129000, vatRatePercent: 21, amountHalere: 161250 },
      { ticketId: 't2', ticketCode: 'SUP-9TZP-R2LA', supportDay: '2026-11-17', usedSeconds: 7100, billedMinutes: 120, hourlyRateHalere: 129000, vatRatePercent: 21, amountHalere: 258000 },
    ],
  });
  // A Slovak customer without DIČ or phone; one line without Czech VAT (0 %).
  const slovak = { ...organization, name: 'Kôň s.r.o.', dic: null, phone: null, country: 'SK', street: 'Hlavná', city: 'Bratislava' } as Organization;
  const exportOrder = order('BANK_TRANSFER', 'OBJ-2026-000044', slovak);
  exportOrder.lines = exportOrder.lines.map((l) =>
    l.sku === 'MANUAL' ? { ...l, vatRatePercent: 0, ...computeLine({ quantity: l.quantity, unitPriceHalere: l.unitPriceHalere, vatRatePercent: 0 }) } : l,
  );
  const exportProforma = buildOrderDocumentContent(exportOrder, config, {
    kind: 'PROFORMA_INVOICE',
    number: '2026100044',
    issueDate: '2026-11-09',
    dueDate: '2026-11-23',
  });
  return [
    { name: 'proforma invoice (bank transfer)', content: proforma, facts: { documentId: id(1) } },
    { name: 'tax invoice after a paid proforma', content: settled, facts: { documentId: id(2) } },
    { name: 'COD tax invoice with rounding', content: codInvoice, facts: { documentId: id(3) } },
    { name: 'credit note of the COD invoice', content: codCredit, facts: { documentId: id(4), corrects: { documentId: id(3), issueDate: codInvoice.issueDate } } },
    {
      name: 'credit note of the settled invoice',
      content: settledCredit,
      facts: { documentId: id(5), corrects: { documentId: id(2), issueDate: settled.issueDate } },
    },
    { name: 'monthly support invoice (bank transfer, English)', content: support, facts: { documentId: id(6) } },
    { name: 'proforma for a Slovak customer without DIČ, with a 0 % line', content: exportProforma, facts: { documentId: id(7) } },
  ];
}
