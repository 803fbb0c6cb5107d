import { hash } from 'node:crypto';
import { normalizeText } from '../detection/campaign.js';

/**
 * The interactions a post carries, as the network reads them (pure: no database). Ingest stores them in
 * `post_interactions` (see the migration 20261207110000); the network's in-memory builder reads posts with
 * the same helpers, so both paths agree on what a mention or a near-copy is.
 */

export type InteractionKind = 'reply' | 'quote' | 'share' | 'mention' | 'copy';

export interface Interaction {
  kind: InteractionKind;
  /** `source:handle` of the account it links to, or the near-duplicate key for `copy`; null while a replied, quoted or shared post is not stored. */
  target: string | null;
  /** The post a reply, quote or share points at (same source). */
  refExternalId: string | null;
}

/** Posts shorter than this (normalised words) are too short to call copies ("mantap", "setuju!"). */
export const MIN_DUPLICATE_WORDS = 5;
/** Near-copies are compared on their first words. */
const DUPLICATE_WORDS = 24;
const MENTION = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_.]{1,64})/gu;

export const accountId = (source: string, handle: string) => `${source}:${handle}`;

/** Handles a text mentions (`@handle`, trailing dots dropped), each once, without the author's own. */
export function mentionedHandles(text: string, author: string): string[] {
  if (!text.includes('@')) return [];
  const out = new Set<string>();
  for (const m of text.matchAll(MENTION)) {
    const h = m[1]!.replace(/\.+$/, '');
    if (h && h !== author) out.add(h);
  }
  return [...out];
}

/** The near-duplicate key of a text (its first 24 normalised words), or null under five words. */
export function copyKey(text: string): string | null {
  const words = normalizeText(text);
  if (words.length < MIN_DUPLICATE_WORDS) return null;
  // The one-shot hash: a Hash object per post took twice as long (every ingested post has a key to compute).
  return hash('md5', words.slice(0, DUPLICATE_WORDS).join(' '), 'hex');
}

export interface InteractingPost {
  source: string;
  authorHandle: string;
  text: string;
  parentExternalId: string | null;
  quotedExternalId?: string | null;
  sharedExternalId?: string | null;
}

/**
 * The near-duplicate key a post counts under, or null. A share (repost, boost) carries the shared post's text: many
 * accounts sharing one post is amplification, not copy-paste, and its share link stands for it, so it has none.
 */
export function copyKeyOf(p: Pick<InteractingPost, 'text' | 'sharedExternalId'>): string | null {
  return p.sharedExternalId ? null : copyKey(p.text);
}

/** A post's interactions; reply, quote and share targets are left for the store to resolve (null here). */
export function interactionsOf(p: InteractingPost): Interaction[] {
  const out: Interaction[] = [];
  if (p.parentExternalId) out.push({ kind: 'reply', target: null, refExternalId: p.parentExternalId });
  if (p.quotedExternalId) out.push({ kind: 'quote', target: null, refExternalId: p.quotedExternalId });
  if (p.sharedExternalId) out.push({ kind: 'share', target: null, refExternalId: p.sharedExternalId });
  for (const h of mentionedHandles(p.text, p.authorHandle)) out.push({ kind: 'mention', target: accountId(p.source, h), refExternalId: null });
  const key = copyKeyOf(p);
  if (key) out.push({ kind: 'copy', target: key, refExternalId: null });
  return out;
}
