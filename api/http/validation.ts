import { z } from 'zod';
import type { FieldError } from './problem';

type Location = 'params' | 'query' | 'body' | 'headers';

/** `body` + `lines`, `2`, `quantity` → `body.lines[2].quantity`. */
const fieldPath = (location: Location, path: readonly PropertyKey[]): string =>
  [location, ...path.map(String)].reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`));

/** Zod issues as problem+json field errors: `body.lines[2].quantity` + the rule that failed. */
export function toFieldErrors(location: Location, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: fieldPath(location, issue.path),
    rule: issue.code === 'custom' ? String((issue as { params?: { rule?: string } }).params?.rule ?? 'custom') : issue.code,
    message: issue.message,
  }));
}

/**
 * Every string in the input that holds a NUL character, as field errors. No text we store may
 * hold one (PostgreSQL refuses it), so it is refused here, for any route, before any schema.
 */
export function nulCharacterErrors(location: Location, input: unknown, path: readonly PropertyKey[] = []): FieldError[] {
  if (typeof input === 'string') {
    return input.includes('\u0000') ? [{ field: fieldPath(location, path), rule: 'nul_character', message: 'Text must not contain a NUL character.' }] : [];
  }
  if (input !== null && typeof input === 'object') {
    return Object.entries(input).flatMap(([key, value]) => [
      ...(key.includes('\u0000') ? [{ field: fieldPath(location, path), rule: 'nul_character', message: 'A field name must not contain a NUL character.' }] : []),
      ...nulCharacterErrors(location, value, [...path, key]),
    ]);
  }
  return [];
}

/**
 * Text that is trimmed and must then have `min` to `max` characters. A JSON Schema cannot trim,
 * so the OpenAPI document states the rule as a pattern: at least `min` non-space characters
 * (U+FEFF too: JavaScript trims it). Generated clients and fuzzers then send what is accepted.
 */
export const trimmedText = (max: number, min = 1) =>
  z.string().trim().min(min).max(max).meta({ pattern: `(?:[^\\s\\ufeff][\\s\\S]*){${min}}` });

/**
 * How far a list may be paged or offset: past the end a list is just empty; the bound keeps the
 * number within what the database takes (an unbounded integer was a 400 the document did not state).
 */
export const MAX_PAGE = 1_000_000;
/** An order in a path: `2026-000123` (domain/document-number.ts formatOrderNumber). */
export const orderNumberParams = z.object({ orderNumber: z.string().regex(/^\d{4}-\d{6}$/, 'an order number like 2026-000123') });

export const pageNumber = z.coerce.number().int().min(1).max(MAX_PAGE).default(1);
