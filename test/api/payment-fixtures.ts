import { randomInt, randomUUID } from 'node:crypto';
import { createPdfActivities } from '../../activities/pdf';
import type { UseCaseDeps } from '../../usecases/deps';
import { ownAccountNumber } from '../../usecases/import-statement';
import { pragueDate } from '../../domain/prague-calendar';
import type { PdfRenderer } from '../../infra/pdf-renderer';
import { writeGpc, type GpcMovement } from '../../scripts/lib/gpc-writer';
import { NativeConnection, Worker } from '../helpers/temporal-sdk';
import { bearer, createTestApi, type Customer, type TestApi } from './helpers';

/** Stands in for Chromium: these suites are about payments, not PDFs (the e2e test renders real ones). */
const fakePdf: PdfRenderer = {
  render: async (html) => Buffer.from(`%PDF-1.4\n% test stand-in, ${html.length} bytes of HTML\n%%EOF\n`),
  close: async () => {},
  browserPid: () => undefined,
};

export interface PaymentsTestApi extends TestApi {
  deps: UseCaseDeps;
  /** Our account as statements report it (from SUPPLIER_BANK_ACCOUNT). */
  account: string;
}

/** The API with a worker for the main queue and a PDF worker with a stand-in renderer. */
export async function createPaymentsTestApi(): Promise<PaymentsTestApi> {
  const pdfQueue = `test-pdf-${randomUUID()}`;
  const api = await createTestApi({ config: { TEMPORAL_PDF_TASK_QUEUE: pdfQueue } });
  const connection = await NativeConnection.connect({ address: api.config.TEMPORAL_ADDRESS });
  const pdfWorker = await Worker.create({ connection, namespace: api.config.TEMPORAL_NAMESPACE, taskQueue: pdfQueue, activities: createPdfActivities({ db: api.db, pdf: fakePdf }) });
  const running = pdfWorker.run();
  return {
    ...api,
    deps: { db: api.db, temporal: api.temporal, config: api.config },
    account: ownAccountNumber(api.config.SUPPLIER_BANK_ACCOUNT),
    async close() {
      pdfWorker.shutdown();
      await running;
      await connection.close();
      await api.close();
    },
  };
}

export interface AwaitingOrder {
  orderNumber: string;
  proformaNumber: string;
  invoicedHalere: number;
}

/** A bank-transfer order for components, confirmed over HTTP: AWAITING_PAYMENT with its proforma. */
export async function createAwaitingOrder(api: TestApi, customer: Customer, cards = 2): Promise<AwaitingOrder> {
  const draft = await api
    .http()
    .post('/orders')
    .set(...bearer(customer))
    .set('Idempotency-Key', `pay-${randomUUID()}`)
    .send({ paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'CARD-RFID', quantity: cards }] });
  if (draft.status !== 201) throw new Error(`draft failed: ${draft.status} ${JSON.stringify(draft.body)}`);
  const confirmed = await api.http().post(`/orders/${draft.body.orderNumber}/confirm`).set(...bearer(customer));
  if (confirmed.status !== 200 || confirmed.body.status !== 'AWAITING_PAYMENT') throw new Error(`confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  const proforma = confirmed.body.documents.find((d: { kind: string }) => d.kind === 'PROFORMA_INVOICE');
  return { orderNumber: draft.body.orderNumber, proformaNumber: proforma.number, invoicedHalere: confirmed.body.invoicedHalere };
}

export const today = () => pragueDate(new Date());

/** A bank reference no other test uses (GPC document number, 13 digits). */
export const bankReference = () => String(randomInt(1, 9_999_999_999_999)).padStart(13, '0');

/** A credit as the bank writes it: the variable symbol padded with zeros to 10 digits. */
export function credit(amountHalere: number, variableSymbol: string | undefined, extra: Partial<GpcMovement> = {}): GpcMovement {
  return {
    documentNumber: bankReference(),
    amountHalere,
    ...(variableSymbol !== undefined ? { variableSymbol } : {}),
    counterAccount: '19-2000145399',
    bankCode: '0800',
    counterpartyName: 'Žluťoučký kůň s.r.o.',
    bookedOn: today(),
    ...extra,
  };
}

export function statement(api: PaymentsTestApi, movements: GpcMovement[], statementDate = today()): Buffer {
  return writeGpc({ account: api.account, statementDate, movements });
}
