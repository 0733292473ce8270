import type { RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

/**
 * E-mails waiting for the mail server, read at scrape time: `emails_queued` and the age of the
 * oldest one (alert when it grows: SMTP down or a message refused again and again).
 */
export function registerEmailQueueMetrics(registry: Registry, stats: () => Promise<{ count: number; oldestAgeSeconds: number }>): void {
  let last: Promise<{ count: number; oldestAgeSeconds: number }> | undefined;
  // One query per scrape serves both gauges.
  const read = () => (last ??= stats().finally(() => setImmediate(() => (last = undefined))));
  new Gauge({
    name: 'emails_queued',
    help: 'E-mails recorded but not yet accepted by the mail server (retried until they are)',
    registers: [registry],
    async collect() {
      this.set((await read()).count);
    },
  });
  new Gauge({
    name: 'emails_queued_oldest_age_seconds',
    help: 'Age of the oldest e-mail not yet accepted by the mail server (0 when none)',
    registers: [registry],
    async collect() {
      this.set((await read()).oldestAgeSeconds);
    },
  });
}
