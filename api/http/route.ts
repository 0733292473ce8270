import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Caller, Role } from './caller';

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Who may call a route: anyone, any signed-in user, or only the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Media type when not JSON, e.g. `application/pdf`. */
  contentType?: string;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** RFC 9457 problem details as `error-handler.ts` renders them (api/http/problem.ts). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });

/** The default wording of each error status the framework itself answers with. */
const COMMON_PROBLEMS = {
  400: 'Invalid request: problem+json naming each field and the rule it broke; nothing was changed',
  401: 'Not signed in, or the token or session is invalid or expired',
  403: "The caller's role does not allow this, or a cookie session's change came without its CSRF token",
  404: 'Not found (another organisation\'s data is not disclosed either)',
  413: 'The request body is larger than allowed',
  503: 'A dependency (PostgreSQL, Temporal) is unreachable; retry after the Retry-After seconds',
} as const;

/**
 * Every answer a route can give: its own declarations plus the error statuses the framework
 * answers with on its behalf, each where it can occur (validation where there is input,
 * authentication where access is not public, not-found where a path names a resource;
 * 503 anywhere: every route may reach the database, at least to look up a token). An error
 * status a route declares without a schema is a problem+json answer.
 */
export function allResponses(spec: Pick<RouteSpec, 'method' | 'path' | 'access' | 'params' | 'query' | 'body' | 'multipart' | 'headers' | 'responses'>): Record<number, ResponseSpec> {
  const hasInput = Boolean(spec.params || spec.query || spec.body || spec.multipart || spec.headers) || spec.method !== 'get';
  const common: Partial<Record<keyof typeof COMMON_PROBLEMS, boolean>> = {
    400: hasInput,
    401: spec.access !== 'public',
    403: spec.access !== 'public',
    404: spec.path.includes(':'),
    413: Boolean(spec.body || spec.multipart),
    503: true,
  };
  const responses: Record<number, ResponseSpec> = {};
  for (const [status, applies] of Object.entries(common)) {
    if (applies) responses[Number(status)] = { description: COMMON_PROBLEMS[Number(status) as keyof typeof COMMON_PROBLEMS] };
  }
  Object.assign(responses, spec.responses);
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400 && !response.schema) responses[Number(status)] = { ...response, schema: problemSchema, contentType: PROBLEM_MEDIA_TYPE };
  }
  return responses;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present on every route whose access is not `public`. */
  caller: Caller;
  /** Set on public routes when a valid token came anyway. */
  optionalCaller?: Caller;
  req: Request;
  res: Response;
}

/**
 * One route: its schemas validate the request AND describe it in the OpenAPI document,
 * so the two cannot drift apart. A handler returns a Reply or writes to `res` itself
 * (binary downloads) and returns undefined.
 */
export interface RouteSpec<
  P extends AnyObjectSchema = AnyObjectSchema,
  Q extends AnyObjectSchema = AnyObjectSchema,
  B extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/orders/:orderId`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A multipart/form-data upload, documented here; the handler receives the file itself (the
   * body is not parsed before it runs), then validates the text fields with this schema.
   */
  multipart?: AnyObjectSchema;
  /** Request headers documented and validated, e.g. Idempotency-Key. */
  headers?: AnyObjectSchema;
  responses: Record<number, ResponseSpec>;
  handler: (ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<Reply | undefined>;
}

/** Keeps the schema types of one route checked against its handler. */
export function route<P extends AnyObjectSchema, Q extends AnyObjectSchema, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
