import type { Request, Response } from 'express';
import type { z } from 'zod';
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
