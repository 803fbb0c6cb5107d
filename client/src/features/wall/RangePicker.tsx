import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { fromWallTime, toWallTime } from '../../lib/zonedTime';
import { RANGE_KEYS, validateCustom, type CustomRangeProblem, type RangeChoice, type RangeKey, type RangeWindow } from './range';
import { Icon } from '../../ui/Icon';

interface RangePickerProps {
  choice: RangeChoice;
  /** The window on screen now, to prefill the custom form. */
  shown: RangeWindow;
  onChange(choice: RangeChoice): void;
}

/**
 * Live, the presets, or a custom window typed in the user's chosen zone (not necessarily the
 * browser's). A preset applies at once; a custom window on "Apply", after it is checked.
 */
export function RangePicker({ choice, shown, onChange }: RangePickerProps) {
  const { t } = useTranslation('wall');
  const f = useFormat();
  const fromId = useId();
  const toId = useId();
  const errorId = useId();
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<CustomRangeProblem | null>(null);

  const pick = (key: RangeKey) => {
    if (key === 'custom') {
      setFrom(toWallTime(shown.from, f.timeZone));
      setTo(toWallTime(shown.to, f.timeZone));
      setProblem(null);
      setEditing(true);
      return;
    }
    setEditing(false);
    onChange({ key });
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const fromMs = fromWallTime(from, f.timeZone) ?? Number.NaN;
    const toMs = fromWallTime(to, f.timeZone) ?? Number.NaN;
    const found = validateCustom(fromMs, toMs);
    setProblem(found);
    if (found) return;
    setEditing(false);
    onChange({ key: 'custom', from: fromMs, to: toMs });
  };

  const active: RangeKey = editing ? 'custom' : choice.key;

  return (
    <div className="range-picker" data-testid="range-picker">
      <div className="range-picker__options" role="group" aria-label={t('range.label')}>
        {RANGE_KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className={`button button--small ${active === key ? 'button--primary' : 'button--secondary'}`}
            aria-pressed={active === key}
            onClick={() => pick(key)}
            data-testid={`range-option-${key}`}
          >
            {key === 'live' && (
              <Icon name="dot" className="range-picker__live-dot" />
            )}
            {t(`range.${key}`)}
          </button>
        ))}
      </div>
      {editing && (
        <form className="range-picker__custom" onSubmit={apply} noValidate aria-label={t('range.custom')}>
          <div className="field">
            <label htmlFor={fromId}>
              {t('range.from')} <span className="muted">({f.zoneLabel})</span>
            </label>
            <input
              id={fromId}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
              aria-invalid={problem !== null || undefined}
              aria-describedby={problem ? errorId : undefined}
              data-testid="range-from"
            />
          </div>
          <div className="field">
            <label htmlFor={toId}>
              {t('range.to')} <span className="muted">({f.zoneLabel})</span>
            </label>
            <input
              id={toId}
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              required
              aria-invalid={problem !== null || undefined}
              aria-describedby={problem ? errorId : undefined}
              data-testid="range-to"
            />
          </div>
          <div className="range-picker__actions">
            <button type="submit" className="button button--primary button--small" data-testid="range-apply">
              {t('range.apply')}
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setEditing(false)}>
              {t('range.cancel')}
            </button>
          </div>
          <p className="muted range-picker__zone">{t('range.zoneNote', { zone: `${f.zoneLabel} · ${f.timeZone}` })}</p>
          {problem && (
            <p id={errorId} className="notice notice--error range-picker__error" role="alert">
              {t(`range.errors.${problem}`)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
