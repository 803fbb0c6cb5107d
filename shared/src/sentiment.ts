import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';
import { SentimentLabel } from './posts.js';
import { Lang } from './programs.js';

/** A word that moved the score, with its signed contribution (the dashboard highlights these). */
export const SentimentTerm = z.object({ term: z.string(), weight: z.number() });
export type SentimentTerm = z.infer<typeof SentimentTerm>;

/**
 * Whether a post reports harm to people (poisoning, deaths, injuries, outbreaks, disasters, violence,
 * people stranded or missing, care refused), and the words that decided it: a signal independent of
 * the sentiment label. `terms` is empty when `flag` is false.
 */
export const HarmSignal = z.object({ flag: z.boolean(), terms: z.array(z.string()) });
export type HarmSignal = z.infer<typeof HarmSignal>;

export const AnalyzeRequest = z.strictObject({
  texts: z.array(z.string().max(20_000)).min(1).max(1_000),
  lang: z.enum(['auto', 'id', 'en']).default('auto'),
});
export type AnalyzeRequest = z.infer<typeof AnalyzeRequest>;

export const AnalyzeResult = z.object({
  lang: Lang,
  label: SentimentLabel,
  score: z.number(),
  confidence: z.number(),
  terms: z.array(SentimentTerm),
  harm: HarmSignal,
});
export type AnalyzeResult = z.infer<typeof AnalyzeResult>;

export const AnalyzeResponse = z.object({ results: z.array(AnalyzeResult) });
export type AnalyzeResponse = z.infer<typeof AnalyzeResponse>;

export const RelabelRequest = z.strictObject({ label: SentimentLabel, note: NoNulText.trim().max(1_000).optional() });
export type RelabelRequest = z.infer<typeof RelabelRequest>;

export const SentimentCorrection = z.object({
  id: Uuid,
  postId: Uuid,
  label: SentimentLabel,
  previousLabel: SentimentLabel,
  modelLabel: SentimentLabel,
  correctedBy: Uuid.nullable(),
  correctedByEmail: z.string().nullable(),
  correctedAt: IsoDateTime,
  note: z.string().nullable(),
});
export type SentimentCorrection = z.infer<typeof SentimentCorrection>;

/** One line of `GET /api/sentiment/corrections/export` (JSONL training data). */
export const TrainingExample = z.object({ text: z.string(), lang: Lang, label: SentimentLabel, correctedAt: IsoDateTime });
export type TrainingExample = z.infer<typeof TrainingExample>;
