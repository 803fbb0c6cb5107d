import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface AlertShortcutsProps {
  canAct: boolean;
  helpOpen: boolean;
  onToggle(): void;
  onClose(): void;
}

/** The shortcut hint with its help toggle, and the help itself while open. */
export function AlertShortcuts({ canAct, helpOpen, onToggle, onClose }: AlertShortcutsProps) {
  const { t } = useTranslation(['alerts', 'common']);
  const helpId = useId();
  return (
    <>
      <div className="alerts-shortcuts">
        <p className="muted" id={`${helpId}-hint`}>
          {canAct ? t('shortcuts.hint') : t('shortcuts.hintReadOnly')}
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-expanded={helpOpen}
          aria-controls={helpId}
          onClick={onToggle}
          data-testid="alert-shortcuts-toggle"
        >
          <span aria-hidden="true">?</span> {t('shortcuts.show')}
        </button>
      </div>
      {helpOpen && <ShortcutHelp id={helpId} canAct={canAct} onClose={onClose} />}
    </>
  );
}

function ShortcutHelp({ id, canAct, onClose }: { id: string; canAct: boolean; onClose(): void }) {
  const { t } = useTranslation(['alerts', 'common']);
  const headingId = useId();
  const ref = useRef<HTMLElement>(null);
  // Focus goes to the help and, when it closes, back to where it was.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const help = ref.current;
    help?.focus();
    return () => {
      if (previous?.isConnected && (document.activeElement === null || document.activeElement === document.body || help?.contains(document.activeElement))) previous.focus();
    };
  }, []);
  const keys: Array<[string, string]> = [
    ['j', t('shortcuts.next')],
    ['k', t('shortcuts.prev')],
    ...(canAct
      ? ([
          ['a', t('shortcuts.acknowledge')],
          ['r', t('shortcuts.resolve')],
        ] as Array<[string, string]>)
      : []),
    ['Enter', t('shortcuts.open')],
    ['?', t('shortcuts.help')],
    ['Esc', t('shortcuts.escape')],
  ];
  return (
    <section id={id} ref={ref} className="alerts-help" aria-labelledby={headingId} tabIndex={-1} data-testid="alert-shortcuts-help">
      <div className="alert-panel__header">
        <h2 id={headingId} className="alert-panel__title">
          {t('shortcuts.title')}
        </h2>
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
      <dl className="alerts-help__list">
        {keys.map(([key, text]) => (
          <div key={key} className="alerts-help__item">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('shortcuts.ignored')}</p>
      {!canAct && <p className="muted">{t('shortcuts.readOnly')}</p>}
    </section>
  );
}
