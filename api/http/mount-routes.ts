import { Router, type NextFunction, type Request, type Response } from 'express';
import { type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { csrfRefusal, requestCredential } from '../auth/cookie-session';
import type { Caller } from './caller';
import { badRequest, forbidden, HttpError, unauthorized } from './problem';
import { allResponses, type RouteSpec } from './route';
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
      Object.entries(allResponses(spec)).map(([status, response]) => [
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

export interface MountOptions {
  /**
   * Check every answer against the route's declared responses (tests): an undeclared status or
   * a body that does not match its schema is logged and answered with a 500, so drift between
   * the OpenAPI document and the code fails the tests that reach it.
   */
  checkResponses?: (violation: ContractViolation) => void;
}

export interface ContractViolation {
  operationId: string;
  status: number;
  problem: string;
}

/** The route that answered, for the error handler's check of error statuses. */
export const routeOf = (res: Response): RouteSpec | undefined => (res.locals as { route?: RouteSpec }).route;

/** Why an answer breaks the route's contract, or undefined when it keeps it. */
export function contractViolation(spec: RouteSpec, status: number, body: unknown): string | undefined {
  const declared = allResponses(spec)[status];
  if (!declared) return `status ${status} is not declared (declared: ${Object.keys(allResponses(spec)).join(', ')})`;
  if (!declared.schema || body === undefined) return undefined;
  // As the client receives it: dates as strings, undefined members gone.
  const result = declared.schema.safeParse(JSON.parse(JSON.stringify(body)));
  if (result.success) return undefined;
  return result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

const contractBroken = (violation: ContractViolation) =>
  new HttpError(500, 'response-contract', 'Response does not match the API contract', `${violation.operationId} answered ${violation.status}: ${violation.problem}`);

/**
 * Builds the Express router for a set of routes: authentication, role check, validation of
 * params/query/headers/body against the route's schemas, then the handler. Validation and
 * authorization happen before the handler runs, so a rejected request changes nothing.
 * A method a path does not declare is answered 405 with the path's `Allow` list.
 */
export function mountRoutes(specs: RouteSpec[], authenticate: Authenticate, registry: OpenAPIRegistry, options: MountOptions = {}): Router {
  const router = Router();
  for (const spec of specs) {
    document(registry, spec);
    router[spec.method](spec.path, async (req: Request, res: Response, _next: NextFunction) => {
      res.locals.route = spec;
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
      const status = reply.status ?? (reply.body === undefined ? 204 : 200);
      if (options.checkResponses) {
        const problem = contractViolation(spec, status, reply.body);
        if (problem) {
          const violation = { operationId: spec.operationId, status, problem };
          options.checkResponses(violation);
          throw contractBroken(violation);
        }
      }
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.body === undefined) res.status(status).end();
      else res.status(status).json(reply.body);
    });
  }
  for (const [path, methods] of methodsByPath(specs)) {
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
    router.all(path, () => {
      throw new HttpError(405, 'method-not-allowed', 'Method not allowed', `This path answers ${allow}.`, undefined, undefined, { Allow: allow });
    });
  }
  return router;
}

/** Each path's declared methods, paths in declaration order (a literal path before a parameter). */
function methodsByPath(specs: readonly RouteSpec[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const spec of specs) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec.method.toUpperCase()]);
  return byPath;
}
