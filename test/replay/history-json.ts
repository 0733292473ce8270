import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/**
 * History ⇄ proto-JSON, the format of `temporal workflow show --output json`.
 *
 * Why not `historyToJSON`/`historyFromJSON` from @temporalio/common: with this install,
 * @temporalio/common and @temporalio/proto each get their own copy of protobufjs (the root one
 * is 7.x for @grpc/proto-loader), and the SDK functions fail with "type must be a Type" (an
 * instanceof across the two copies). Here the JSON codec is taken from the very protobufjs copy
 * that @temporalio/proto's types were built with.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] })) as {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};

const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function historyToJson(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history as Record<string, unknown>);
  return JSON.stringify(protojson.toJson(historyType, message), null, 2);
}

export function historyFromJson(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
