import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AppError } from '../common/errors.js';
import { sendErrorBody, toErrorBody } from '../common/exception.filter.js';
import { LOG_SERIALIZERS } from '../common/logger.js';
import { requestIdOf } from '../common/request-id.js';
import { translateDatabaseError } from '../database/errors.js';
import { httpMetrics, ingestRefused } from './http-metrics.js';

export const INGEST_BODY_LIMIT = '16mb';
export const DEFAULT_BODY_LIMIT = '1mb';

/** The built dashboard: client/dist at the repository root, the same depth from src/ and dist/. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../client/dist', import.meta.url));

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

function sendError(res: Response, req: Request, err: unknown) {
  const { status, body } = toErrorBody(err, requestIdOf(req), translateDatabaseError);
  sendErrorBody(res, status, body);
}

/**
 * Ingest admission: at most `max` ingest requests are read, parsed and stored at once; the next
 * answers 503 with Retry-After before a byte of its body is read. Under a flood memory stays
 * bounded (each request holds at most one 16 MB JSON body or one NDJSON batch) and clients
 * (siaga import, replay, collectors) back off and retry instead of the server growing a queue.
 */
export function ingestAdmission(max: number): (req: Request, res: Response, next: NextFunction) => void {
  let inFlight = 0;
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    if (inFlight >= max) {
      ingestRefused.inc();
      return sendError(res, req, new AppError('unavailable', `ingestion is at capacity (${max} requests in progress): retry after the Retry-After seconds`, { retryAfterSeconds: 1 }));
    }
    inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };
}

/** Express-level pieces that run before Nest's router: logging, body parsing, static files. */
export function setupHttp(app: NestExpressApplication, logger: Logger, staticDir: string | undefined, trustProxy: false | number | readonly string[] = false, ingestMaxInFlight = 8): void {
  // Believe X-Forwarded-For only from the proxies SIAGA_TRUST_PROXY names (config.ts).
  app.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);
  app.disable('x-powered-by');
  app.use(httpMetrics);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => requestIdOf(req),
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Health checks and scrapes would drown everything else.
      autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
      serializers: { req: (req: { id: unknown; method: unknown; url: unknown }) => ({ id: req.id, method: req.method, url: req.url }), err: LOG_SERIALIZERS.err },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('x-request-id', requestIdOf(req));
    res.setHeader('x-content-type-options', 'nosniff');
    // Post text is hostile: even if markup slipped through rendering, no inline or foreign script runs.
    res.setHeader('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });
  // Bodies must be JSON (or NDJSON for ingestion): anything else is refused before parsing.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(req.method) || !hasBody(req)) return next();
    if (req.is('application/json')) return next();
    if (req.is('application/x-ndjson') && req.path === '/api/ingest/posts') {
      // NDJSON is read straight off the socket, undecoded: a compressed stream would parse as garbage.
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding === 'identity') return next();
      return sendError(res, req, new AppError('unsupported_media_type', `Content-Encoding ${encoding} is not accepted for NDJSON: send it uncompressed, or compress a JSON batch`));
    }
    sendError(res, req, new AppError('unsupported_media_type', `Content-Type ${req.headers['content-type'] ?? '(none)'} is not accepted: send application/json${req.path === '/api/ingest/posts' ? ' or application/x-ndjson' : ''}`));
  });
  app.use('/api/ingest/posts', ingestAdmission(ingestMaxInFlight));
  app.use('/api/ingest', express.json({ limit: INGEST_BODY_LIMIT, strict: true }));
  // A source webhook's signature covers the exact bytes received: keep them beside the parsed body.
  app.use('/api/sources', express.json({ limit: INGEST_BODY_LIMIT, strict: true, verify: (req, _res, buf) => ((req as { rawBody?: Buffer }).rawBody = buf) }));
  app.use(express.json({ limit: DEFAULT_BODY_LIMIT, strict: true }));
  // Parser failures (bad JSON, too large) get the same error body as everything else.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    sendError(res, req, err);
  });

  const dir = staticDir ? resolve(staticDir) : DEFAULT_STATIC_DIR;
  const index = join(dir, 'index.html');
  if (existsSync(index)) {
    // Vite names assets by content hash: they can be cached for good; index.html never.
    app.use('/assets', express.static(join(dir, 'assets'), { index: false, maxAge: '365d', immutable: true }));
    app.use(express.static(dir, { index: false, maxAge: '1h' }));
    // Deep links of the single-page dashboard get its index page (HEAD too: uptime checkers use it).
    app.use((req: Request, res: Response, next: NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || req.path === '/metrics' || req.path.startsWith('/socket.io')) return next();
      if (!req.accepts('html')) return next();
      res.setHeader('cache-control', 'no-store');
      res.sendFile(index);
    });
  } else {
    logger.warn({ dir }, 'no built dashboard found: run `npm run build` to serve it');
  }
}
