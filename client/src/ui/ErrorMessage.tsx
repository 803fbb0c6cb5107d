import { isApiError } from '../api';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

/** The user-facing sentence for an error from the API (never the raw server message). */
export function describeError(error: unknown): string {
  const t = i18n.t;
  if (!isApiError(error)) return t('errors.generic');
  switch (error.code) {
    case 'network_error':
    case 'invalid_response':
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'rate_limited':
    case 'unavailable':
    case 'validation_failed':
    case 'bad_request':
    case 'query_syntax':
    case 'conflict':
      return t(`errors.${error.code}`);
    default:
      return t('errors.generic');
  }
}

interface ErrorMessageProps {
  error: unknown;
  /** Overrides `describeError`. */
  message?: string;
  onRetry?: () => void;
  retrying?: boolean;
}

export function ErrorMessage({ error, message, onRetry, retrying = false }: ErrorMessageProps) {
  const { t } = useTranslation();
  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__text">{message ?? describeError(error)}</p>
      {requestId && <p className="notice__meta">{t('app.requestId', { requestId })}</p>}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry} disabled={retrying}>
          {retrying ? t('app.loading') : t('app.retry')}
        </button>
      )}
    </div>
  );
}
