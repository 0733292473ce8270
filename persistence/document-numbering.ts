import { createHash, randomUUID } from 'node:crypto';
import type { DocumentContent } from '../documents/document-content';
import { hasIsdoc } from '../documents/isdoc/isdoc-invoice';
import { buildIsdocXml } from '../documents/isdoc/isdoc-xml';
import { DOCUMENT_SERIES, formatDocumentNumber } from '../domain/document-number';
import { fromDateColumn, toDateColumn } from '../domain/prague-calendar';
import type { Document, Prisma, PrismaClient } from '../infra/db';
import { nextInSequence } from './sequences';

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
  /**
   * Further writes that belong to issuing it (e.g. marking what the document bills), in the same
   * transaction: either the document and they are stored, or neither.
   */
  alsoWrite?: (tx: Prisma.TransactionClient, document: Document) => Promise<void>;
}

/** Transaction limits for a step that numbers documents: issuers queue on the counter row. */
export const NUMBERING_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/**
 * Issues a document with the next number of its series and year, gap-free: the number is taken
 * in the same transaction that inserts the document (see nextInSequence). A retried step (same
 * key) gets the document it already issued. Kinds with ISDOC get it built from the same frozen
 * content in that transaction; content that breaks the ISDOC rules throws IsdocError and rolls
 * back, so no number is consumed and nothing is rendered or sent.
 */
export async function issueNumberedDocument(db: PrismaClient, request: NumberedDocumentRequest): Promise<Document> {
  const existing = await db.document.findUnique({ where: { key: request.key } });
  if (existing) return existing;
  try {
    return await db.$transaction((tx) => insertNumberedDocument(tx, request), NUMBERING_TRANSACTION);
  } catch (error) {
    // Lost a race with a concurrent attempt of the same step: its document is the one.
    const winner = await db.document.findUnique({ where: { key: request.key } });
    if (winner) return winner;
    throw error;
  }
}

/**
 * The same inside the caller's transaction, for a step that writes more beside the document
 * (e.g. the order's confirmation). The document with the request's key, if any, is returned as
 * it is; a concurrent attempt of the same key fails on its unique key and rolls the caller back.
 */
export async function issueNumberedDocumentIn(tx: Prisma.TransactionClient, request: NumberedDocumentRequest): Promise<Document> {
  return (await tx.document.findUnique({ where: { key: request.key } })) ?? insertNumberedDocument(tx, request);
}

async function insertNumberedDocument(tx: Prisma.TransactionClient, request: NumberedDocumentRequest): Promise<Document> {
  const series = DOCUMENT_SERIES[request.kind];
  const year = Number(request.issueDate.slice(0, 4));
  const sequence = await nextInSequence(tx, series, year);
  const number = formatDocumentNumber(request.kind, year, sequence);
  const content = request.build(number);
  const id = randomUUID();
  const isdoc = hasIsdoc(request.kind) ? Buffer.from(buildIsdocXml(content, { documentId: id, ...(await correctedOf(tx, request.correctsId)) })) : null;
  const document = await tx.document.create({
    data: {
      id,
      key: request.key,
      type: request.kind,
      series,
      year,
      sequence,
      number,
      organizationId: request.organizationId,
      orderId: request.orderId ?? null,
      correctsId: request.correctsId ?? null,
      supportMonth: request.supportMonth ?? null,
      language: content.language,
      issueDate: toDateColumn(content.issueDate),
      taxableSupplyDate: content.taxableSupplyDate ? toDateColumn(content.taxableSupplyDate) : null,
      dueDate: content.dueDate ? toDateColumn(content.dueDate) : null,
      variableSymbol: content.variableSymbol ?? null,
      netHalere: content.netHalere,
      vatHalere: content.vatHalere,
      grossHalere: content.grossHalere + (content.roundingHalere ?? 0),
      content: content as unknown as Prisma.InputJsonValue,
      ...(isdoc ? { isdoc: new Uint8Array(isdoc), isdocSha256: createHash('sha256').update(isdoc).digest('hex') } : {}),
      fileName: `${request.kind.toLowerCase().replace(/_/g, '-')}-${number}.pdf`,
    },
  });
  await request.alsoWrite?.(tx, document);
  return document;
}

/** The corrected document as the credit note's ISDOC references it (its id is its ISDOC UUID). */
async function correctedOf(tx: Prisma.TransactionClient, correctsId: string | undefined) {
  if (!correctsId) return {};
  const corrected = await tx.document.findUniqueOrThrow({ where: { id: correctsId }, select: { id: true, issueDate: true } });
  return { corrects: { documentId: corrected.id, issueDate: fromDateColumn(corrected.issueDate) } };
}
