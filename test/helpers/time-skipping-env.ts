import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributes } from '../../workflows/shared/search-attributes';
import { stackEnv } from './stack-env';
// The quiet SDK runtime, installed before the environment's connection exists.
import './temporal-sdk';

/**
 * A time-skipping test environment on the Java test server from the global setup, with
 * our search attributes registered (that server rejects upserts of unknown ones:
 * "search attribute X is not defined"). Call `teardown()` when done.
 */
export async function createTimeSkippingTestEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: stackEnv().TEMPORAL_TEST_SERVER_PATH } },
  });
  try {
    // temporal.api.enums.v1.IndexedValueType: KEYWORD = 2, KEYWORD_LIST = 7.
    const indexedValueType = { KEYWORD: 2, KEYWORD_LIST: 7 } as const;
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(allSearchAttributes.map((key) => [key.name, indexedValueType[key.type as keyof typeof indexedValueType]])),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}
