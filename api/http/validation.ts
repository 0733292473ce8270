import { type z } from 'zod';
import type { FieldError } from './problem';

/** Zod issues as problem+json field errors: `body.lines[2].quantity` + the rule that failed. */
export function toFieldErrors(location: 'params' | 'query' | 'body' | 'headers', error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: [location, ...issue.path.map(String)].reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`)),
    rule: issue.code === 'custom' ? String((issue as { params?: { rule?: string } }).params?.rule ?? 'custom') : issue.code,
    message: issue.message,
  }));
}
