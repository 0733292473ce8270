import { Router, type NextFunction, type Request, type Response } from 'express';
import { type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { csrfRefusal, requestCredential } from '../auth/cookie-session';
import type { Caller } from './caller';
import { badRequest, forbidden, unauthorized } from './problem';
import type { RouteSpec } from './route';
import { nulCharacterErrors, toFieldErrors } from './validation';

export type Authenticate = (bearerToken: string) => Promise<Caller | null>;

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function parseOrThrow<T extends z.ZodType>(location: 'params' | 'query' | 'body' | 'headers', schema: T | undefined, input: unknown): z.output<T> | undefined {
  if (!schema) return undefined;
  const nulErrors = nulCharacterErrors(location, input);
  if (nulErrors.length > 0) throw badRequest(nulErrors);
  const result = schema.safeParse(input);
  if (!result.success) throw badRequest(toFieldErrors(location, result.error));
  return result.data;
}

/** Registers one route in the OpenAPI document. */
function document(registry: OpenAPIRegistry, spec: RouteSpec): void {
  registry.registerPath({
    method: spec.method,
    path: toOpenApiPath(spec.path),
    operationId: spec.operationId,
    summary: spec.summary,
    tags: spec.tags,
    security: spec.access === 'public' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } } : {}),
      ...(spec.multipart ? { body: { content: { 'multipart/form-data': { schema: spec.multipart } }, required: true } } : {}),
    },
    responses: Object.fromEntries(
      Object.entries(spec.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema
            ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
            : response.contentType
              ? { content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } }
              : {}),
        },
      ]),
    ),
  });
}

/**
 * Builds the Express router for a set of routes: authentication, role check, validation of
 * params/query/headers/body against the route's schemas, then the handler. Validation and
 * authorization happen before the handler runs, so a rejected request changes nothing.
 */
export function mountRoutes(specs: RouteSpec[], authenticate: Authenticate, registry: OpenAPIRegistry): Router {
  const router = Router();
  for (const spec of specs) {
    document(registry, spec);
    router[spec.method](spec.path, async (req: Request, res: Response, _next: NextFunction) => {
      const credential = requestCredential(req);
      const csrfError = credential && csrfRefusal(req, credential);
      // A public route reached by a forged cross-site request does not act as the signed-in user.
      const caller = credential && !(csrfError && spec.access === 'public') ? await authenticate(credential.token) : null;
      if (spec.access !== 'public') {
        if (!caller) throw unauthorized(credential ? 'The token is invalid or has expired.' : undefined);
        if (csrfError) throw csrfError;
        if (spec.access !== 'authenticated' && !spec.access.includes(caller.role)) throw forbidden();
      }
      const params = parseOrThrow('params', spec.params, req.params);
      const query = parseOrThrow('query', spec.query, req.query);
      parseOrThrow('headers', spec.headers, req.headers);
      const body = parseOrThrow('body', spec.body, req.body ?? {});
      const reply = await spec.handler({
        params,
        query,
        body,
        caller: caller as Caller,
        ...(caller ? { optionalCaller: caller } : {}),
        req,
        res,
      } as never);
      if (!reply || res.headersSent) return;
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.body === undefined) res.status(reply.status ?? 204).end();
      else res.status(reply.status ?? 200).json(reply.body);
    });
  }
  return router;
}
