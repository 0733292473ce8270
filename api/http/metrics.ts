import type { RequestHandler } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  middleware: RequestHandler;
}

/** Prometheus metrics: process defaults plus request durations by route pattern (not raw URL). */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer({ method: req.method });
    res.on('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      end({ route: pattern ? req.baseUrl + pattern : 'unmatched', status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}
