import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZodError } from 'zod';
import { isApiError } from '../../api';
import { describeError } from '../../ui/ErrorMessage';
import { ConfirmDialog } from '../../ui/Dialog';

/** The user-facing sentence for a failed admin action; a 409 gets the action's own explanation. */
export function actionError(error: unknown, conflict?: string): string {
  if (conflict && isApiError(error) && error.code === 'conflict') return conflict;
  return describeError(error);
}

/** The first problem of each top-level field of a failed zod parse. */
export function invalidFields(error: ZodError | undefined): ReadonlySet<string> {
  const fields = new Set<string>();
  for (const issue of error?.issues ?? []) {
    const key = issue.path[0];
    if (typeof key === 'string') fields.add(key);
  }
  return fields;
}

export function InlineError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p className="notice notice--error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

/** A secret in a read-only field with a copy button; if the clipboard is refused, the text is selected. */
export function SecretValue({ value, label, testId, copyTestId }: { value: string; label: string; testId: string; copyTestId: string }) {
  const { t } = useTranslation('admin');
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'manual'>('idle');

  const onCopy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setCopy('copied');
    } catch {
      input.current?.focus();
      input.current?.select();
      setCopy('manual');
    }
  };

  return (
    <div className="field">
      <label htmlFor={`${testId}-input`}>{label}</label>
      <div className="admin-secret">
        <input
          ref={input}
          id={`${testId}-input`}
          className="admin-secret__value"
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
          data-testid={testId}
        />
        <button type="button" className="button button--secondary" onClick={() => void onCopy()} data-testid={copyTestId}>
          {t('secret.copy')}
        </button>
      </div>
      <p className="admin-hint" role="status">
        {copy === 'copied' && t('secret.copied')}
        {copy === 'manual' && t('secret.copyManually')}
      </p>
    </div>
  );
}

interface AdminConfirmProps {
  title: string;
  body: string;
  confirmLabel: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** The shared confirmation with the admin screens' wording, test ids and inline error. */
export function AdminConfirm({ title, body, confirmLabel, pending, error, onConfirm, onClose }: AdminConfirmProps) {
  const { t } = useTranslation('admin');
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={pending ? t('actions.working') : confirmLabel}
      cancelLabel={t('actions.cancel')}
      onConfirm={onConfirm}
      onCancel={onClose}
      danger
      busy={pending}
      testId="admin-confirm-dialog"
      confirmTestId="admin-confirm"
      cancelTestId="admin-confirm-cancel"
    >
      <p>{body}</p>
      <InlineError message={error} testId="admin-confirm-error" />
    </ConfirmDialog>
  );
}
