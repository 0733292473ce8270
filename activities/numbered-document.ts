import { ApplicationFailure } from '@temporalio/common';
import { IsdocError } from '../documents/isdoc/isdoc-invoice';
import type { Document, PrismaClient } from '../infra/db';
import { issueNumberedDocument, type NumberedDocumentRequest } from '../persistence/document-numbering';

/**
 * Content that breaks the ISDOC rules is a bug in what we issue: retrying cannot fix it, so it
 * fails the step for good (visible in the workflow's history) instead of retrying forever; the
 * numbering transaction rolled back, nothing was sent. Other errors pass unchanged.
 */
export function documentFailureOf(error: unknown, what: string): unknown {
  if (!(error instanceof IsdocError)) return error;
  return ApplicationFailure.create({ type: 'IsdocError', message: `${what}: ${error.message}`, nonRetryable: true, cause: error });
}

/** Issues a numbered document for an activity; see documentFailureOf for content that cannot be issued. */
export async function issueDocumentOrFail(db: PrismaClient, request: NumberedDocumentRequest): Promise<Document> {
  try {
    return await issueNumberedDocument(db, request);
  } catch (error) {
    throw documentFailureOf(error, `${request.kind} ${request.key}`);
  }
}
