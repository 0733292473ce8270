import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createPdfActivities } from '../../activities/pdf';
import type { PdfActivityDeps } from '../../activities/deps';
import type { DocumentContent } from '../../documents/document-content';
import { sampleDocumentContent } from '../../scripts/fixtures/sample-documents';

/** The PDF activity over a stored document: content it cannot render fails for good, not for ever. */
describe('renderDocumentPdf', () => {
  const activitiesFor = (content: DocumentContent) => {
    const rendered: string[] = [];
    const deps = {
      db: { document: { findUniqueOrThrow: async () => ({ id: randomUUID(), content, pdf: null, sha256: null }) } },
      pdf: { render: async (html: string) => (rendered.push(html), Buffer.from('%PDF')) },
    } as unknown as PdfActivityDeps;
    return { activities: createPdfActivities(deps), rendered };
  };

  const failureOf = async (content: DocumentContent) => {
    const { activities, rendered } = activitiesFor(content);
    const error = await activities.renderDocumentPdf({ documentId: randomUUID() }).then(() => undefined, (e: unknown) => e);
    expect(rendered).toEqual([]);
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  };

  it('a QR Platba amount over its 10 characters (≥ 10 000 000 Kč) is a non-retryable DocumentContentError', async () => {
    const proforma = sampleDocumentContent('PROFORMA_INVOICE');
    const failure = await failureOf({ ...proforma, payableHalere: 1_000_000_000, qrPayment: { ...proforma.qrPayment!, amountHalere: 1_000_000_000 } });
    expect(failure).toMatchObject({ type: 'DocumentContentError', nonRetryable: true });
    expect(failure.message).toMatch(/Amount too large for SPAYD/);
  });

  it('an IBAN with a wrong check digit is a non-retryable DocumentContentError', async () => {
    const proforma = sampleDocumentContent('PROFORMA_INVOICE');
    const failure = await failureOf({ ...proforma, qrPayment: { ...proforma.qrPayment!, iban: 'CZ6520100000002800000000' } });
    expect(failure).toMatchObject({ type: 'DocumentContentError', nonRetryable: true });
    expect(failure.message).toMatch(/IBAN checksum failed/);
  });

  it('a tax invoice without a legal field (DUZP) is a non-retryable DocumentContentError', async () => {
    const failure = await failureOf({ ...sampleDocumentContent('TAX_INVOICE'), taxableSupplyDate: undefined } as DocumentContent);
    expect(failure).toMatchObject({ type: 'DocumentContentError', nonRetryable: true });
    expect(failure.message).toMatch(/taxableSupplyDate/);
  });
});
