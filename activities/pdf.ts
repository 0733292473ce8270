import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { DocumentContentError, type DocumentContent } from '../documents/document-content';
import { renderDocumentHtml } from '../documents/render-document-html';
import type { PdfActivityDeps } from './deps';
import { heartbeating } from './heartbeat';

/**
 * Rendering runs on its own task queue (TEMPORAL_PDF_TASK_QUEUE) so Chromium workers scale
 * apart from the rest.
 */
/** The document's HTML; content that cannot be rendered fails for good (a retry renders the same content). */
function contentHtml(content: DocumentContent): string {
  try {
    return renderDocumentHtml(content);
  } catch (error) {
    if (!(error instanceof DocumentContentError)) throw error;
    throw ApplicationFailure.create({ type: 'DocumentContentError', message: error.message, nonRetryable: true, cause: error });
  }
}

export function createPdfActivities({ db, pdf }: PdfActivityDeps) {
  return heartbeating({
    /**
     * Renders a document's frozen content and stores the PDF with its SHA-256, once: an issued
     * PDF never changes, so a retry after the store keeps the first bytes.
     */
    async renderDocumentPdf(input: { documentId: string }): Promise<{ sha256: string; bytes: number }> {
      const document = await db.document.findUniqueOrThrow({ where: { id: input.documentId } });
      if (document.pdf && document.sha256) return { sha256: document.sha256, bytes: document.pdf.length };
      const bytes = await pdf.render(contentHtml(document.content as unknown as DocumentContent));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await db.document.updateMany({ where: { id: document.id, pdf: null }, data: { pdf: new Uint8Array(bytes), sha256 } });
      const stored = await db.document.findUniqueOrThrow({ where: { id: document.id }, select: { sha256: true, pdf: true } });
      return { sha256: stored.sha256!, bytes: stored.pdf!.length };
    },
  });
}
