import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SentimentLabel, type Post } from '@siaga/shared';
import { describeError } from '../../ui/ErrorMessage';
import { relabelPost, storeUpdatedPost } from './postsApi';
import { Icon, type IconName } from '../../ui/Icon';

const ICON: Record<SentimentLabel, IconName> = { positive: 'triangleUp', neutral: 'square', negative: 'triangleDown' };
const NOTE_MAX = 1000;

/**
 * An analyst's correction of a post's sentiment: a small inline panel with an optional note and
 * one button per label, each of which saves at once. The card then shows the server's answer.
 */
export function RelabelControl({ post }: { post: Post }) {
  const { t } = useTranslation('posts');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const uid = useId();
  const panelId = `${uid}-panel`;
  const titleId = `${uid}-title`;
  const noteId = `${uid}-note`;
  const noteHintId = `${uid}-note-hint`;
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<SentimentLabel | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const firstOption = useRef<HTMLButtonElement>(null);

  const mutation = useMutation({
    mutationFn: (label: SentimentLabel) => {
      const trimmed = note.trim();
      return relabelPost(post.id, trimmed ? { label, note: trimmed } : { label });
    },
    onSuccess: (updated) => {
      storeUpdatedPost(queryClient, updated);
      setSaved(updated.sentiment.label);
      setOpen(false);
      setNote('');
      trigger.current?.focus();
    },
  });

  useEffect(() => {
    if (open) firstOption.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    mutation.reset();
    trigger.current?.focus();
  };

  const onPanelKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !mutation.isPending) {
      event.stopPropagation();
      close();
    }
  };

  const current = post.sentiment.label;
  const handle = post.author.handle.replace(/^@+/, '');

  return (
    <div className="relabel">
      <div className="relabel__bar">
        <button
          ref={trigger}
          type="button"
          className="button button--secondary button--small"
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          aria-label={t('relabel.openFor', { handle })}
          onClick={() => {
            setSaved(null);
            if (open) close();
            else setOpen(true);
          }}
          data-testid="relabel"
        >
          {t('relabel.open')}
        </button>
        <span className="relabel__saved" role="status" data-testid="relabel-status">
          {saved && t('relabel.saved', { label: tc(`sentiment.${saved}`) })}
        </span>
      </div>

      {open && (
        <div id={panelId} className="relabel__panel" role="group" aria-labelledby={titleId} onKeyDown={onPanelKeyDown} data-testid="relabel-panel">
          <p id={titleId} className="relabel__title">
            {t('relabel.title')}
          </p>
          <p className="muted">{t('relabel.current', { label: tc(`sentiment.${current}`) })}</p>
          <div className="field">
            <label htmlFor={noteId}>{t('relabel.note')}</label>
            <textarea
              id={noteId}
              rows={2}
              maxLength={NOTE_MAX}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              disabled={mutation.isPending}
              aria-describedby={noteHintId}
              data-testid="relabel-note"
            />
            <p className="posts-hint" id={noteHintId}>
              {t('relabel.noteHint')}
            </p>
          </div>
          <div className="relabel__options" role="group" aria-label={t('relabel.options')}>
            {SentimentLabel.options.map((label, i) => (
              <button
                key={label}
                ref={i === 0 ? firstOption : undefined}
                type="button"
                className={`button button--small relabel__option relabel__option--${label}`}
                onClick={() => mutation.mutate(label)}
                disabled={mutation.isPending}
                data-testid={`relabel-${label}`}
              >
                <Icon name={ICON[label]} /> {tc(`sentiment.${label}`)}
                {label === current && <span className="relabel__current"> {t('relabel.currentMark')}</span>}
              </button>
            ))}
            <button type="button" className="button button--secondary button--small" onClick={close} disabled={mutation.isPending} data-testid="relabel-cancel">
              {t('relabel.cancel')}
            </button>
          </div>
          {mutation.isPending && (
            <p className="muted" role="status">
              {t('relabel.saving')}
            </p>
          )}
          {mutation.isError && (
            <p className="notice notice--error" role="alert" data-testid="relabel-error">
              {t('relabel.failed')} {describeError(mutation.error)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
