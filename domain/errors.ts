/**
 * The errors a use-case throws when the business says no. They carry data (a code, the fields
 * and rules that failed), never HTTP: the API's one error middleware maps each kind to its
 * status and problem+json, and scripts map them to exit codes.
 *
 * Fields name the use-case's input (e.g. `lines[2].sku`, `termsVersion`); the API takes that
 * input from the request body, so the middleware reports them as `body.<field>`.
 */

/**
 * A PascalCase error code as the problem's slug, which the API puts in the problem's type and the
 * pages translate by: `TermsVersionMismatch` → `terms-version-mismatch`.
 */
export const problemSlugOf = (code: string): string => code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Why a workflow refuses a message, as it refuses it (its failure type, e.g. `PaymentRefused`, and its words). */
export interface WorkflowRefusal {
  type: string;
  message: string;
}

export interface FieldViolation {
  field: string;
  /** A stable rule code, e.g. `too_big`, `terms_version`, `invalid_statement`. */
  rule: string;
  message: string;
}

export abstract class DomainError extends Error {
  /** Extra members for the problem document, e.g. `{ line: 3 }` for a malformed statement. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  protected constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The thing asked for does not exist, or the caller may not know it exists. */
export class NotFound extends DomainError {
  constructor(readonly what: string) {
    super(`${what} not found.`);
  }
}

/** The input breaks a rule; nothing was changed. `code` distinguishes kinds of bad input. */
export class ValidationFailed extends DomainError {
  constructor(
    readonly violations: readonly FieldViolation[],
    options: { message?: string; code?: string; title?: string; details?: Record<string, unknown> } = {},
  ) {
    super(options.message ?? 'The request is not valid.', options.details);
    this.code = options.code ?? 'Validation';
    this.title = options.title ?? 'Invalid request';
  }

  readonly code: string;
  readonly title: string;
}

/**
 * The request is well-formed but the current state refuses it (already active, closed order,
 * a workflow's refusal). `code` is PascalCase, the same as the workflows' ApplicationFailure
 * types, so one refusal reads the same from a workflow or a use-case.
 */
export class Refused extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    readonly violations?: readonly FieldViolation[],
  ) {
    super(message);
  }
}

/**
 * The answer depends on work still under way (e.g. a document being rendered): the same request
 * succeeds shortly, so the caller is told when to try again.
 */
export class NotReady extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The caller's role or organisation may not do this. */
export class Forbidden extends DomainError {
  constructor(
    message = 'Your role does not allow this action.',
    readonly code = 'Forbidden',
    readonly title = 'Forbidden',
  ) {
    super(message);
  }
}

/** A dependency (e.g. a workflow) could not be reached now; the same request may succeed later. */
export class Unavailable extends DomainError {
  constructor(
    message: string,
    readonly code = 'Unavailable',
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
