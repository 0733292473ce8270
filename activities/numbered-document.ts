import { ApplicationFailure } from '@temporalio/common';
import { IsdocError } from '../documents/isdoc/isdoc-invoice';
import type { Document, PrismaClient } from '../infra/db';
import { issueNumberedDocument, type NumberedDocumentRequest } from '../persistence/document-numbering';

/**
 * Issues a numbered document for an activity. Content that breaks the ISDOC rules is a bug in
 * what we issue: retrying cannot fix it, so it fails the step for good (visible in the workflow's
 * history) instead of retrying forever; the numbering transaction rolled back, nothing was sent.
 */
export async function issueDocumentOrFail(db: PrismaClient, request: NumberedDocumentRequest): Promise<Document> {
  try {
    return await issueNumberedDocument(db, request);
  } catch (error) {
    if (error instanceof IsdocError) {
      throw ApplicationFailure.create({ type: 'IsdocError', message: `${request.kind} ${request.key}: ${error.message}`, nonRetryable: true, cause: error });
    }
    throw error;
  }
}
