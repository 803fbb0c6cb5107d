import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';

/**
 * The route label of requests no controller route matched (404s, dashboard files, bodies refused
 * before routing): raw paths would give the label unbounded values.
 */
export const UNMATCHED_ROUTE = 'unmatched';

const requests = new Counter({
  name: 'siaga_http_requests_total',
  help: 'HTTP responses by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
});
const duration = new Histogram({
  name: 'siaga_http_request_duration_seconds',
  help: 'Time from receiving an HTTP request to the end of its response, by route pattern and method',
  labelNames: ['route', 'method'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** The pattern Express matched (`/api/programs/:id`), never the URL itself. */
function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}

/** Counts and times every HTTP response; registered first so that refused requests count too. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const stop = duration.startTimer();
  res.once('finish', () => {
    const route = routeOf(req);
    stop({ route, method: req.method });
    requests.inc({ route, method: req.method, status: String(res.statusCode) });
  });
  next();
}

/** Ingest requests turned away at the door because as many were already in progress. */
export const ingestRefused = new Counter({
  name: 'siaga_ingest_refused_total',
  help: 'Ingest requests answered 503 before their body was read, because the in-progress limit (SIAGA_INGEST_MAX_IN_FLIGHT) was reached',
});
