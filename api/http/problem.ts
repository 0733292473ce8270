/**
 * RFC 9457 problem details. Every error the API answers with is one of these,
 * rendered by the single error middleware (`error-handler.ts`).
 */
export interface FieldError {
  /** Dotted path of the offending input, e.g. `body.lines[2].quantity`. */
  field: string;
  /** The rule that failed, e.g. `too_big`, `invalid_ico`. */
  rule: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

const PROBLEM_BASE = 'https://atime.example/problems/';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    /** Extra problem members, e.g. `{ line: 3 }` for a malformed bank statement. */
    readonly extensions?: Readonly<Record<string, unknown>>,
    /** Response headers that belong to this answer, e.g. Retry-After on a 503. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(detail ?? title);
  }

  toProblem(): Problem {
    return {
      ...this.extensions,
      type: PROBLEM_BASE + this.slug,
      title: this.title,
      status: this.status,
      ...(this.message !== this.title ? { detail: this.message } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (errors: FieldError[], detail = 'The request is not valid.') =>
  new HttpError(400, 'validation', 'Invalid request', detail, errors);
export const unauthorized = (detail = 'Authentication is required.') =>
  new HttpError(401, 'unauthorized', 'Unauthorized', detail);
export const forbidden = (detail = 'Your role does not allow this action.') =>
  new HttpError(403, 'forbidden', 'Forbidden', detail);
/** Also the answer for another organisation's data: its existence is not disclosed. */
export const notFound = (what = 'Resource') => new HttpError(404, 'not-found', 'Not found', `${what} not found.`);
export const conflict = (slug: string, detail: string) => new HttpError(409, slug, 'Conflict', detail);
export const tooManyRequests = (detail: string) => new HttpError(429, 'rate-limited', 'Too many requests', detail);
