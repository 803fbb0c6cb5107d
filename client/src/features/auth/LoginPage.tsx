import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { LoginRequest } from '@siaga/shared';
import { isApiError } from '../../api';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { ErrorMessage, describeError } from '../../ui/ErrorMessage';
import { useAuth } from './useAuth';

function loginErrorMessage(error: unknown): string {
  const t = i18n.t;
  if (isApiError(error)) {
    if (error.code === 'invalid_credentials') return t('auth.errors.invalidCredentials');
    if (error.code === 'rate_limited') {
      return error.retryAfterSeconds
        ? t('auth.errors.rateLimitedSeconds', { seconds: error.retryAfterSeconds })
        : t('auth.errors.rateLimited');
    }
  }
  return describeError(error);
}

/**
 * Shown in place of any page while nobody is signed in; the URL is left alone, so after a
 * successful login the page that was asked for (a deep link) renders directly.
 */
export function LoginPage() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('auth.title');
  }, [t]);
  const { login, endReason } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();
  const errorId = useId();

  const mutation = useMutation({
    mutationFn: (credentials: LoginRequest) => login(credentials),
    onError: () => setPassword(''),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mutation.isPending) return;
    mutation.mutate({ email: email.trim(), password });
  }

  const invalid = mutation.isError && isApiError(mutation.error) && mutation.error.code === 'invalid_credentials';

  return (
    <main id="main" className="login" tabIndex={-1}>
      <div className="login__card">
        <div className="login__brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="login__product">{t('app.name')}</span>
        </div>
        <h1 className="login__title">{t('auth.title')}</h1>
        <p className="login__intro">{t('auth.intro')}</p>

        {endReason === 'expired' && !mutation.isError && (
          <p className="notice notice--info" role="status">
            {t('auth.sessionExpired')}
          </p>
        )}

        <form className="form" onSubmit={onSubmit} data-testid="login-form">
          <div className="field">
            <label htmlFor={emailId}>{t('auth.email')}</label>
            <input
              id={emailId}
              name="email"
              type="email"
              inputMode="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={254}
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={invalid || undefined}
              aria-describedby={mutation.isError ? errorId : undefined}
              data-testid="login-email"
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t('auth.password')}</label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={200}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={invalid || undefined}
              aria-describedby={mutation.isError ? errorId : undefined}
              data-testid="login-password"
            />
          </div>

          {mutation.isError && (
            <div id={errorId} data-testid="login-error">
              <ErrorMessage error={mutation.error} message={loginErrorMessage(mutation.error)} />
            </div>
          )}

          <button type="submit" className="button button--primary button--block" disabled={mutation.isPending} data-testid="login-submit">
            {mutation.isPending ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
