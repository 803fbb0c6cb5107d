import { z } from 'zod';
import { IsoDateTime, NoNulText, Uuid } from './common.js';

/** Whose account it is: a ministry, an agency, or a regional communication office. */
export const OfficialChannelKind = z.enum(['ministry', 'agency', 'regional_office']);
export type OfficialChannelKind = z.infer<typeof OfficialChannelKind>;

/**
 * One of the government's own accounts for a program (Inpres 9/2015 asks for their integration):
 * its posts are marked official, kept out of the detectors' counts and campaign clusters, and
 * counted apart.
 */
/**
 * The recount of a program's stored posts after its registry changed: past posts of a channel
 * registered later move from the public counts to `official` (and back when it is removed), in
 * the background. `pending` until an instance takes it up, then `running`, `done` or `failed`.
 */
export const OfficialRecount = z.object({
  state: z.enum(['pending', 'running', 'done', 'failed']),
  /** Posts the last finished pass moved between the public counts and `official`. */
  changed: z.number().int(),
  requestedAt: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  finishedAt: IsoDateTime.nullable(),
  error: z.string().nullable(),
});
export type OfficialRecount = z.infer<typeof OfficialRecount>;

export const OfficialChannel = z.object({
  id: Uuid,
  programId: Uuid,
  /** The source as posts name it (`x`, `instagram`, `rss:kemkes.go.id` …), lower-case. */
  source: z.string(),
  /** The account's handle as posts name it, lower-case, without a leading `@`. */
  handle: z.string(),
  label: z.string(),
  kind: OfficialChannelKind,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** The program's recount of its stored posts (null if its registry never changed since recounts exist). */
  recount: OfficialRecount.nullable(),
});
export type OfficialChannel = z.infer<typeof OfficialChannel>;

const Source = NoNulText.trim()
  .toLowerCase()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9:._/-]*$/, 'a source is letters, digits and : . _ / -');
/** A handle as people write it: a leading `@` is dropped, case does not matter. */
const Handle = NoNulText.trim()
  .transform((h) => h.replace(/^@/, '').toLowerCase())
  .pipe(z.string().min(1).max(200).regex(/^[^\s]+$/, 'a handle has no spaces'));

export const CreateOfficialChannel = z.strictObject({
  programId: Uuid,
  source: Source,
  handle: Handle,
  label: NoNulText.trim().min(1).max(200),
  kind: OfficialChannelKind,
});
export type CreateOfficialChannel = z.infer<typeof CreateOfficialChannel>;

export const UpdateOfficialChannel = CreateOfficialChannel.partial().refine((v) => Object.keys(v).length > 0, { message: 'at least one field to change' });
export type UpdateOfficialChannel = z.infer<typeof UpdateOfficialChannel>;

export const OfficialChannelsQuery = z.object({ programId: Uuid.optional() });
export type OfficialChannelsQuery = z.infer<typeof OfficialChannelsQuery>;
