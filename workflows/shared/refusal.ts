import { ApplicationFailure } from '@temporalio/workflow';

/**
 * Refuses a message (an update's validator or handler): the caller receives a non-retryable
 * ApplicationFailure with this type and message, which the API maps to a problem response.
 */
export function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}
