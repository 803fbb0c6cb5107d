import type { ErrorCode } from '@siaga/shared';

/** A failure the client caused or may act on; the filter maps its code to a status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

/** `Retry-After` of a 503 whose cause names no better wait. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The one place where error codes meet HTTP statuses. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
    case 'validation_failed':
    case 'invalid_json':
    case 'query_syntax':
      return 400;
    case 'unauthorized':
    case 'invalid_credentials':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}
