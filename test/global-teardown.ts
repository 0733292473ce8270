import { stopStack } from './global-setup';

/** Stops what test/global-setup.ts started (jest runs both in the same process). */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__ATIME_TEST_STACK__;
  if (stack) await stopStack(stack);
  globalThis.__ATIME_TEST_STACK__ = undefined;
}
