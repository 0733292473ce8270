import type { ErrorRequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Prisma } from '../../infra/db';
import { DomainError, Forbidden, NotFound, NotReady, problemSlugOf, Refused, Unavailable, ValidationFailed, type FieldViolation } from '../../domain/errors';
import type { Logger } from '../../infra/logger';
import { contractViolation, routeOf, type ContractViolation } from './mount-routes';
import { HttpError, type FieldError } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** A use-case's fields name its input, which the API takes from the request body. */
const bodyFields = (violations: readonly FieldViolation[] | undefined): FieldError[] | undefined =>
  violations?.map((v) => ({ ...v, field: `body.${v.field}` }));

/** Each kind of domain error and its HTTP answer. */
function fromDomainError(error: DomainError): HttpError | undefined {
  if (error instanceof NotFound) return new HttpError(404, 'not-found', 'Not found', error.message);
  if (error instanceof ValidationFailed) return new HttpError(400, problemSlugOf(error.code), error.title, error.message, bodyFields(error.violations), error.details);
  if (error instanceof Refused) return new HttpError(409, problemSlugOf(error.code), 'Conflict', error.message, bodyFields(error.violations));
  if (error instanceof NotReady) {
    return new HttpError(409, problemSlugOf(error.code), 'Conflict', error.message, undefined, undefined, { 'Retry-After': String(error.retryAfterSeconds) });
  }
  if (error instanceof Forbidden) return new HttpError(403, problemSlugOf(error.code), error.title, error.message);
  if (error instanceof Unavailable) {
    const retryAfter = error.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(error.retryAfterSeconds) };
    return new HttpError(503, problemSlugOf(error.code), 'Service unavailable', error.message, undefined, undefined, retryAfter);
  }
  return undefined;
}

/** Seconds a client should wait before retrying while PostgreSQL is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Prisma's codes for "the database cannot be reached now" (not for a query it refused). */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNREACHABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);

function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const kind = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause?.kind;
  return UNREACHABLE_CODES.has(error.code) || (kind !== undefined && UNREACHABLE_ADAPTER_KINDS.has(kind));
}

/** Turns anything thrown into an HttpError; unknown errors become a 500 without details. */
function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof DomainError) return fromDomainError(error);
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
  if (isDatabaseUnreachable(error)) {
    return new HttpError(503, 'database-unavailable', 'Service unavailable', 'The database is not reachable; try again shortly.', undefined, undefined, {
      'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
  if (error instanceof WorkflowNotFoundError) return new HttpError(404, 'not-found', 'Not found', 'Resource not found.');
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new HttpError(409, 'already-started', 'Conflict', 'This process is already running.');
  }
  // A workflow refused the action (an update validator or handler threw an ApplicationFailure):
  // the caller learns the reason.
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    return new HttpError(409, problemSlugOf(error.cause.type ?? 'refused'), 'Conflict', error.cause.message);
  }
  return undefined;
}

/**
 * The one error middleware: every failure leaves as application/problem+json. With
 * `checkResponses` (tests), an error status the route does not declare is reported and
 * becomes a 500, like a success body that breaks its schema (mount-routes.ts).
 */
export function createErrorHandler(logger: Logger, checkResponses?: (violation: ContractViolation) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let httpError = toHttpError(error);
    const route = routeOf(res);
    if (checkResponses && route && httpError && httpError.status !== 500) {
      const problem = contractViolation(route, httpError.status, { ...httpError.toProblem(), instance: req.originalUrl });
      if (problem) {
        const violation = { operationId: route.operationId, status: httpError.status, problem };
        checkResponses(violation);
        httpError = new HttpError(500, 'response-contract', 'Response does not match the API contract', `${violation.operationId} answered ${violation.status}: ${problem}`);
      }
    }
    // The request id, route and message in one line: ops search for any of them and find the cause.
    const context = { requestId: req.id, method: req.method, url: req.originalUrl, errorMessage: (error as Error)?.message };
    if (!httpError) logger.error({ err: error, ...context }, 'unhandled error');
    else if (httpError.status >= 500) logger.error({ err: error, ...context }, 'request failed');
    const problem = httpError?.toProblem() ?? {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    };
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(httpError?.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').json({ ...problem, instance: req.originalUrl });
  };
}
