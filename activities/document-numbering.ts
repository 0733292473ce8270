import type { DocumentContent } from '../documents/document-content';
import { DOCUMENT_SERIES, formatDocumentNumber } from '../domain/document-number';
import type { Document, Prisma, PrismaClient } from '../infra/db';

export interface NumberedDocumentRequest {
  /** Idempotency key of the business step; the same key always yields the same document. */
  key: string;
  kind: DocumentContent['kind'];
  organizationId: string;
  orderId?: string;
  supportMonth?: string;
  correctsId?: string;
  /** Prague calendar date YYYY-MM-DD; its year picks the number series. */
  issueDate: string;
  /** Builds the frozen content once the number is known. */
  build: (number: string) => DocumentContent;
}

const dateOnly = (date: string | undefined) => (date ? new Date(`${date}T00:00:00Z`) : null);

/**
 * Issues a document with the next number of its series and year, gap-free: the counter is
 * incremented in the same transaction that inserts the document, so a failed insert rolls the
 * number back, and concurrent issuers queue on the counter row. A retried step (same key)
 * gets the document it already issued.
 */
export async function issueNumberedDocument(db: PrismaClient, request: NumberedDocumentRequest): Promise<Document> {
  const existing = await db.document.findUnique({ where: { key: request.key } });
  if (existing) return existing;
  const series = DOCUMENT_SERIES[request.kind];
  const year = Number(request.issueDate.slice(0, 4));
  try {
    return await db.$transaction(async (tx) => {
      const [counter] = await tx.$queryRaw<{ last_number: number }[]>`
        INSERT INTO document_sequences (series, year, last_number) VALUES (${series}, ${year}, 1)
        ON CONFLICT (series, year) DO UPDATE SET last_number = document_sequences.last_number + 1
        RETURNING last_number`;
      const number = formatDocumentNumber(request.kind, year, Number(counter!.last_number));
      const content = request.build(number);
      return tx.document.create({
        data: {
          key: request.key,
          type: request.kind,
          series,
          year,
          sequence: Number(counter!.last_number),
          number,
          organizationId: request.organizationId,
          orderId: request.orderId ?? null,
          correctsId: request.correctsId ?? null,
          supportMonth: request.supportMonth ?? null,
          language: content.language,
          issueDate: dateOnly(content.issueDate)!,
          taxableSupplyDate: dateOnly(content.taxableSupplyDate),
          dueDate: dateOnly(content.dueDate),
          variableSymbol: content.variableSymbol ?? null,
          netHalere: content.netHalere,
          vatHalere: content.vatHalere,
          grossHalere: content.grossHalere + (content.roundingHalere ?? 0),
          content: content as unknown as Prisma.InputJsonValue,
          fileName: `${request.kind.toLowerCase().replace(/_/g, '-')}-${number}.pdf`,
        },
      });
    });
  } catch (error) {
    // Lost a race with a concurrent attempt of the same step: its document is the one.
    const winner = await db.document.findUnique({ where: { key: request.key } });
    if (winner) return winner;
    throw error;
  }
}
