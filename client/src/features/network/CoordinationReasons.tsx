import { useTranslation } from 'react-i18next';
import type { CoordinationReason } from '@siaga/shared';
import { useFormat } from '../../lib/format';

/** An account's coordination reasons in words, each with its measure. */
export function CoordinationReasons({ reasons }: { reasons: readonly CoordinationReason[] }) {
  const { t } = useTranslation('who');
  const f = useFormat();
  return (
    <ul className="network__reasons">
      {reasons.map((r) => (
        <li key={r.kind}>
          {r.kind === 'account_age'
            ? t('network.reason.account_age', { count: r.value })
            : t(`network.reason.${r.kind}`, { value: r.kind === 'near_duplicates' ? f.percent(r.value) : f.number(r.value) })}
        </li>
      ))}
    </ul>
  );
}
