import { apiRequest, isAbortError, isApiError, sessionStore, withQuery, type QueryValue } from '../../api';
import { ApiError, errorFromResponse } from '../../api/errors';

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** From Content-Length when the server sent one (a streamed export usually does not). */
  total: number | null;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface Download {
  blob: Blob;
  /** The server's file name from Content-Disposition, or null. */
  filename: string | null;
}

async function readBody(response: Response, onProgress: DownloadOptions['onProgress']): Promise<Blob> {
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body || !onProgress) return response.blob();
  const reader = response.body.getReader();
  const chunks: BlobPart[] = [];
  let received = 0;
  onProgress({ received, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress({ received, total });
  }
  return new Blob(chunks, { type });
}

async function attempt(path: string, accessToken: string, options: DownloadOptions): Promise<Response> {
  try {
    return await fetch(path, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'text/csv, application/json' },
      signal: options.signal ?? null,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({ status: 0, code: 'network_error', message: error instanceof Error ? error.message : 'fetch failed' });
  }
}

async function failure(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  return errorFromResponse(response, body);
}

/**
 * Downloads a file from an authenticated endpoint (a link cannot carry the Authorization header).
 * On a 401 the token is renewed through `apiRequest` (one `GET /api/auth/me`, which refreshes and
 * ends the session if that fails) and the download is tried once more.
 */
export async function apiDownload(path: string, query: Record<string, QueryValue>, options: DownloadOptions = {}): Promise<Download> {
  const url = withQuery(path, query);
  const session = sessionStore.get();
  if (!session) throw new ApiError({ status: 401, code: 'unauthorized', message: 'not signed in' });

  let response = await attempt(url, session.accessToken, options);
  if (response.status === 401) {
    await apiRequest('/api/auth/me', options.signal ? { signal: options.signal } : {});
    const renewed = sessionStore.get();
    if (!renewed) throw new ApiError({ status: 401, code: 'unauthorized', message: 'not signed in' });
    response = await attempt(url, renewed.accessToken, options);
  }
  if (!response.ok) throw await failure(response);

  let blob: Blob;
  try {
    blob = await readBody(response, options.onProgress);
  } catch (error) {
    if (isAbortError(error) || isApiError(error)) throw error;
    throw new ApiError({ status: response.status, code: 'network_error', message: 'the download was interrupted' });
  }
  return { blob, filename: filenameFromDisposition(response.headers.get('content-disposition')) };
}

/**
 * The file name of a Content-Disposition header (RFC 6266: `filename*` wins over `filename`),
 * reduced to a safe base name: no path, no control characters.
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      name = decodeURIComponent(extended[2].trim());
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]+))/i.exec(header);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]?.trim() ?? null) : null;
  }
  if (!name) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const safe = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()?.trim() ?? '';
  return safe === '' || safe === '.' || safe === '..' ? null : safe;
}

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the object URL after click() returns: let it live a little.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
