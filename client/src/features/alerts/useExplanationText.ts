import { useTranslation } from 'react-i18next';
import { renderExplanation, type AlertExplanation } from '@siaga/shared';

/** The detector's sentence in the dashboard's language, rendered from the alert's stored facts. */
export function useExplanationText(explanation: AlertExplanation): string {
  const { i18n } = useTranslation();
  return renderExplanation(explanation.facts, i18n.language === 'en' ? 'en' : 'id');
}
