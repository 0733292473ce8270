import { z } from 'zod';
import { MAX_DUE_DATE_EXTENSION_DAYS, type DueDateExtension } from '../../domain/order-rules';
import { trimmedText } from '../http/validation';

/** Exactly one of a new due date or a number of days to add; the rest of the rule is the workflow's (domain/order-rules). */
export const extendDueDateBody = z
  .strictObject({
    dueDate: z.iso.date().optional(),
    days: z.number().int().min(1).max(MAX_DUE_DATE_EXTENSION_DAYS).optional(),
    reason: trimmedText(500),
  })
  .refine((b) => (b.dueDate === undefined) !== (b.days === undefined), { message: 'give either dueDate or days', path: ['dueDate'] })
  // The same rule in the OpenAPI document (a refinement is not part of the JSON Schema).
  .meta({ oneOf: [{ required: ['dueDate'] }, { required: ['days'] }] });

/** The body as the workflows' extension (absent fields left out). */
export const extensionOf = (body: z.infer<typeof extendDueDateBody>): DueDateExtension => ({
  reason: body.reason,
  ...(body.dueDate ? { dueDate: body.dueDate } : {}),
  ...(body.days ? { days: body.days } : {}),
});
