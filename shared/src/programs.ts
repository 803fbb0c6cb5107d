import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';

export const Sensitivity = z.enum(['low', 'medium', 'high']);
export type Sensitivity = z.infer<typeof Sensitivity>;

export const Lang = z.enum(['id', 'en', 'other']);
export type Lang = z.infer<typeof Lang>;

export const Slug = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be lowercase letters, digits and single dashes');

export const Program = z.object({
  id: Uuid,
  name: z.string(),
  slug: z.string(),
  query: z.string(),
  description: z.string().nullable(),
  /** Empty means every language. */
  languages: z.array(Lang),
  sensitivity: Sensitivity,
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Program = z.infer<typeof Program>;

export const CreateProgram = z.strictObject({
  name: NoNulText.trim().min(1).max(200),
  slug: Slug,
  query: NoNulText.trim().min(1).max(10_000),
  description: NoNulText.max(2_000).nullable().optional(),
  languages: z.array(Lang).max(3).optional(),
  sensitivity: Sensitivity.optional(),
  active: z.boolean().optional(),
});
export type CreateProgram = z.infer<typeof CreateProgram>;

export const UpdateProgram = CreateProgram.partial();
export type UpdateProgram = z.infer<typeof UpdateProgram>;

/** A query-language parse error: `position` is the 0-based character offset. */
export const QuerySyntaxDetails = z.object({ position: z.number().int(), length: z.number().int(), expected: z.string().optional() });
export type QuerySyntaxDetails = z.infer<typeof QuerySyntaxDetails>;

export const ValidateQueryRequest = z.strictObject({ query: NoNulText.max(10_000) });

/** A query that parses; one that does not answers 400 `query_syntax` with `QuerySyntaxDetails`. */
export const ValidateQueryResponse = z.object({ valid: z.literal(true) });
export type ValidateQueryResponse = z.infer<typeof ValidateQueryResponse>;
