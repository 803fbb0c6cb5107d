import { ErrorCode } from '@siaga/shared';

/** The server's error codes, plus the two the client makes up when no usable answer came back. */
export type ApiErrorCode = ErrorCode | 'network_error' | 'invalid_response';

export interface ApiErrorInit {
  status: number;
  code: ApiErrorCode;
  message: string;
  requestId?: string | null;
  details?: unknown;
  retryAfterSeconds?: number | null;
}

/** Every failed API call rejects with this: the server's `{error:{code,message,details},requestId}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly requestId: string | null;
  readonly details: unknown;
  /** From a `Retry-After` header in seconds, when the server sent one (429, 503). */
  readonly retryAfterSeconds: number | null;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The rejection of a request that was aborted on purpose (`AbortSignal`): not a failure to show. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const CODES: ReadonlySet<string> = new Set<string>(ErrorCode.options);

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'bad_request';
  }
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Builds the error for a non-2xx answer, trusting the body only as far as it has the documented shape. */
export function errorFromResponse(response: Response, body: unknown): ApiError {
  const fallbackCode = codeForStatus(response.status);
  let code: ApiErrorCode = fallbackCode;
  let message = response.statusText || `HTTP ${response.status}`;
  let details: unknown;
  let requestId = response.headers.get('x-request-id');

  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body;
    if (typeof error === 'object' && error !== null) {
      const e = error as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof e.code === 'string' && CODES.has(e.code)) code = e.code as ErrorCode;
      if (typeof e.message === 'string') message = e.message;
      details = e.details;
    }
    const rid = (body as { requestId?: unknown }).requestId;
    if (typeof rid === 'string') requestId = rid;
  }

  return new ApiError({
    status: response.status,
    code,
    message,
    requestId,
    details,
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}
