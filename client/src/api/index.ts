export { apiRequest, login, logout, withQuery, type QueryValue, type RequestOptions } from './client';
export { ApiError, isAbortError, isApiError, type ApiErrorCode } from './errors';
export { sessionStore, type Session, type SessionEndReason, type SessionState } from './session';
