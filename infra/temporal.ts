import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { Config } from './config';

/**
 * Connection settings for the dev server, a self-hosted cluster (mTLS) or Temporal Cloud
 * (API key): the same code path, chosen by configuration only.
 */
/** Accepted by both the client's Connection and the worker's NativeConnection. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export async function temporalConnectionOptions(config: Config): Promise<TemporalConnectionOptions> {
  const mtls =
    config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
      ? {
          clientCertPair: {
            crt: await readFile(config.TEMPORAL_TLS_CERT_PATH),
            key: await readFile(config.TEMPORAL_TLS_KEY_PATH),
          },
        }
      : undefined;
  const tls = mtls ?? (config.TEMPORAL_TLS || config.TEMPORAL_API_KEY ? true : undefined);
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(tls ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY, metadata: { 'temporal-namespace': config.TEMPORAL_NAMESPACE } } : {}),
  };
}

export async function createTemporalClient(config: Config): Promise<Client> {
  const connection = await Connection.connect(await temporalConnectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
