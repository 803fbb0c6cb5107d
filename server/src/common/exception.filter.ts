import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody, ErrorCode } from '@siaga/shared';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, DEFAULT_RETRY_AFTER_SECONDS, statusOf } from './errors.js';
import { requestIdOf } from './request-id.js';

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'bad_request',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Body-parser errors carry a `type` and a status; they never reach a controller. */
interface ParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
}

/** Turns an infrastructure failure (a database constraint, say) into an AppError, or says it is not one. */
export type ErrorTranslator = (err: unknown) => AppError | undefined;

export function toErrorBody(err: unknown, requestId: string, translate?: ErrorTranslator): { status: number; body: ErrorBody } {
  const make = (code: ErrorCode, message: string, details?: unknown, status = statusOf(code)) => {
    // Every 503 tells the client when to come back (the header is set from it in sendErrorBody).
    if (code === 'unavailable' && details === undefined) details = { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
    return { status, body: { error: details === undefined ? { code, message } : { code, message, details }, requestId } };
  };
  if (err instanceof AppError) return make(err.code, err.message, err.details);
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const raw = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const message = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.map(String).join('; ') : err.message;
    return make(BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request'), message, undefined, status);
  }
  const pe = err as ParserError;
  if (pe && typeof pe === 'object' && typeof pe.status === 'number') {
    switch (pe.type) {
      case 'entity.too.large':
        return make('payload_too_large', 'request body is larger than this endpoint accepts');
      case 'entity.parse.failed':
        return make('invalid_json', `request body is not valid JSON: ${pe.message}`);
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return make('unsupported_media_type', pe.message);
      case undefined:
        // A body that does not decode as its Content-Encoding says: zlib's error, made a 400 by body-parser.
        if (pe.status === 400) return make('bad_request', 'request body could not be decoded: it does not match its Content-Encoding');
        break;
      default:
        if (pe.status < 500) return make('bad_request', pe.message, undefined, pe.status);
    }
  }
  const translated = translate?.(err);
  if (translated) return make(translated.code, translated.message, translated.details);
  return make('internal', 'internal error');
}

@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly translate?: ErrorTranslator,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = requestIdOf(req);
    const { status, body } = toErrorBody(err, requestId, this.translate);
    if (status >= 500) this.logger.error({ err, requestId, path: req.url }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    sendErrorBody(res, status, body);
  }
}

/** Writes an error answer: its status, request id, `Retry-After` for 429 and 503, and the body. */
export function sendErrorBody(res: Response, status: number, body: ErrorBody): void {
  const retry = (body.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if ((status === 429 || status === 503) && typeof retry === 'number') res.setHeader('retry-after', String(retry));
  res.status(status).setHeader('x-request-id', body.requestId).json(body);
}
