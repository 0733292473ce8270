import type { ErrorRequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../../infra/logger';
import { HttpError } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Turns anything thrown into an HttpError; unknown errors become a 500 without details. */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  const bodyError = error as BodyParserError;
  if (bodyError?.type === 'entity.too.large') {
    return new HttpError(413, 'payload-too-large', 'Payload too large', 'The request body is larger than allowed.', [
      { field: 'body', rule: 'max_size', message: 'The request body is larger than allowed.' },
    ]);
  }
  if (bodyError?.type === 'entity.parse.failed') {
    return new HttpError(400, 'validation', 'Invalid request', 'The body is not valid JSON.', [
      { field: 'body', rule: 'invalid_json', message: 'The body is not valid JSON.' },
    ]);
  }
  if (error instanceof WorkflowNotFoundError) return new HttpError(404, 'not-found', 'Not found', 'Resource not found.');
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new HttpError(409, 'already-started', 'Conflict', 'This process is already running.');
  }
  // A workflow refused the action (an update validator or handler threw an ApplicationFailure):
  // the caller learns the reason.
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return new HttpError(409, kebab(error.cause.type ?? 'refused'), 'Conflict', error.cause.message);
  }
  return undefined;
}

/** The one error middleware: every failure leaves as application/problem+json. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const httpError = toHttpError(error);
    if (!httpError) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    const problem = httpError?.toProblem() ?? {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    };
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').json({ ...problem, instance: req.originalUrl });
  };
}
