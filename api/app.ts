import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { createAuthenticator } from './auth/sessions';
import type { ApiDeps } from './deps';
import { createErrorHandler } from './http/error-handler';
import { registerCancellationWaitGauge } from './orders/cancellation-waits';
import { createHttpMetrics, registerEmailQueueMetrics } from './http/metrics';
import { queuedEmailStats } from '../persistence/queued-emails';
import { createWebPages } from './http/web-pages';
import { mountRoutes, type ContractViolation } from './http/mount-routes';
import { buildOpenApiDocument } from './http/openapi';
import { notFound, unauthorized } from './http/problem';
import { createRoutes } from './routes';

const BODY_LIMIT = '100kb';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Whether an Authorization header carries the token, compared in constant time. */
function bearerMatches(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  // Hashing first gives equal lengths, so the comparison reveals nothing about the token's length.
  return timingSafeEqual(sha256(authorization), sha256(`Bearer ${token}`));
}

/** The whole HTTP application; `main.ts` only adds listening and shutdown. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);

  const metrics = createHttpMetrics();
  registerCancellationWaitGauge(metrics.registry, deps.db);
  registerEmailQueueMetrics(metrics.registry, () => queuedEmailStats(deps.db));
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      // One short line per request: serialising every request's and response's headers (and
      // redacting them) was a tenth of a read's CPU time in the profile (docs/benchmarks.md).
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(metrics.middleware);
  app.use(express.json({ limit: BODY_LIMIT }));

  const registry = new OpenAPIRegistry();
  // Tests hold every answer to the OpenAPI document: drift fails loudly instead of reaching clients.
  const checkResponses =
    deps.config.NODE_ENV === 'test'
      ? (violation: ContractViolation) => deps.logger.error(violation, 'response breaks the API contract')
      : undefined;
  app.use(mountRoutes(createRoutes(deps), createAuthenticator(deps.db, deps.config.SESSION_CACHE_MS), registry, { checkResponses }));

  const openApiDocument = buildOpenApiDocument(registry, deps.config.API_PUBLIC_URL);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument));
  app.get('/metrics', async (req, res) => {
    if (!deps.config.METRICS_OPEN && !bearerMatches(req.headers.authorization, deps.config.METRICS_TOKEN)) {
      throw unauthorized('A metrics token is required.');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(createWebPages(deps.config));

  app.use(() => {
    throw notFound('Route');
  });
  app.use(createErrorHandler(deps.logger, checkResponses));
  return app;
}
