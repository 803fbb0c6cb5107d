import type { HarmSignal, Lang, SentimentLabel, SentimentTerm } from '@siaga/shared';

export interface Analysis {
  lang: Lang;
  label: SentimentLabel;
  /** In [-1, 1]. */
  score: number;
  /** In [0, 1]. */
  confidence: number;
  /** The words that moved the score, strongest first, with their signed contributions. */
  terms: SentimentTerm[];
  /** Whether the post reports harm to people, and the words that decided it (independent of the label). */
  harm: HarmSignal;
}

/** The analysis stage of the pipeline: language and sentiment for one post. */
export interface PostAnalyzer {
  analyze(text: string, givenLang: string | undefined): Analysis;
}

export const POST_ANALYZER = Symbol('POST_ANALYZER');
