import createClient, { type Middleware } from 'openapi-fetch';
import type { Problem } from './models';
import type { paths } from './schema';

/** RFC 9457 problem details as the API sends them (its OpenAPI document's `Problem`). */
export type { Problem };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  /** The first error of each field, keyed by its path without the location, e.g. `organization.ico`. */
  fieldErrors(): Record<string, { rule: string; message: string }> {
    const byField: Record<string, { rule: string; message: string }> = {};
    for (const e of this.problem.errors ?? []) byField[e.field.replace(/^(body|query|params|headers)\./, '')] ??= e;
    return byField;
  }
}

/** Held in memory only (never in storage): a page reload asks GET /auth/session again. */
let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !['GET', 'HEAD'].includes(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** The typed client: paths, parameters and bodies come from the API's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful answer; a problem becomes an ApiError. */
export async function ok<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem = (error as Problem | undefined) ?? { type: 'about:blank', title: response.statusText, status: response.status };
    throw new ApiError(problem);
  }
  return data as T;
}

export const idempotencyKey = (): string => crypto.randomUUID();
