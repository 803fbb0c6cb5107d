import { createHash } from 'node:crypto';
import type { IngestPost } from '@siaga/shared';
import { XMLParser } from 'fast-xml-parser';
import { clip, decodeEntities, htmlToText, isoDate, safeUrl } from './connector.js';

export interface ParsedFeed {
  posts: IngestPost[];
  /** Items with neither GUID nor link, or no text at all. */
  skipped: number;
}

export class FeedError extends Error {}

// Entities are not expanded by the parser (processEntities: false): only the five XML ones and
// numeric references are decoded afterwards, and a document declaring its own is refused, so
// no "billion laughs" can grow in memory.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'category',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of an element that may carry attributes (`{ '#text': … }`) or be repeated. */
function text(v: unknown): string | undefined {
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isNode(v) && (typeof v['#text'] === 'string' || typeof v['#text'] === 'number')) return String(v['#text']);
  return undefined;
}

const plain = (v: unknown): string => {
  const t = text(v);
  return t === undefined ? '' : htmlToText(decodeEntities(t));
};

/** A stable external id of at most 256 characters: long GUIDs and links are hashed. */
const externalIdOf = (id: string): string => (id.length <= 256 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`);

function atomLink(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const nodes = links.filter(isNode);
  const alt = nodes.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate') ?? nodes[0];
  const href = alt?.['@_href'];
  return typeof href === 'string' ? safeUrl(decodeEntities(href)) : undefined;
}

function langOf(v: unknown): string | undefined {
  const l = text(v)?.trim().toLowerCase();
  return l && /^[a-z]{2,3}([-_][a-z0-9]{1,8})*$/.test(l) && l.length <= 16 ? l : undefined;
}

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom items as posts. Items are deduplicated by GUID (Atom id),
 * else link; an item with neither, or with no text at all, is skipped and counted.
 */
export function parseFeed(xml: string, now: Date, feedUrl: string): ParsedFeed {
  if (/<!ENTITY/i.test(xml)) throw new FeedError('the feed declares its own XML entities: refused');
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw new FeedError(`not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isNode(doc)) throw new FeedError('not a feed');
  const rss = isNode(doc.rss) ? doc.rss : undefined;
  const rdf = isNode(doc['rdf:RDF']) ? doc['rdf:RDF'] : undefined;
  const atom = isNode(doc.feed) ? doc.feed : undefined;
  const channel = rss && isNode(rss.channel) ? rss.channel : rdf && isNode(rdf.channel) ? rdf.channel : undefined;
  if (!channel && !atom) throw new FeedError('neither RSS nor Atom: no <rss>, <rdf:RDF> or <feed> root');
  const host = (() => {
    try {
      return new URL(feedUrl).host;
    } catch {
      return 'feed';
    }
  })();
  const feedTitle = plain(atom ? atom.title : channel?.title) || host;
  const feedLang = langOf(atom ? atom['@_xml:lang'] : channel?.language);
  const feedAuthor = atom && isNode(atom.author) ? plain(atom.author.name) : plain(channel?.['dc:creator'] ?? channel?.managingEditor);
  const items = ((atom ? atom.entry : (channel?.item ?? rdf?.item)) ?? []) as unknown[];
  const posts: IngestPost[] = [];
  let skipped = 0;
  const maxTime = now.getTime();
  for (const raw of Array.isArray(items) ? items : []) {
    if (!isNode(raw)) {
      skipped++;
      continue;
    }
    const link = atom ? atomLink(raw.link) : safeUrl(decodeEntities(text(raw.link) ?? '')) ?? safeUrl(raw['@_rdf:about']);
    const guid = text(atom ? raw.id : raw.guid)?.trim();
    const id = guid ? decodeEntities(guid) : link;
    const title = plain(raw.title);
    const body = plain(atom ? (raw.content ?? raw.summary) : (raw['content:encoded'] ?? raw.description));
    const joined = title && body && !body.startsWith(title) ? `${title}\n\n${body}` : title || body;
    if (!id || !joined) {
      skipped++;
      continue;
    }
    const when = isoDate(text(atom ? (raw.published ?? raw.updated) : (raw.pubDate ?? raw['dc:date'])));
    // A feed's clock may run ahead; a post is never stored as written in the future.
    const createdAt = when && Date.parse(when) <= maxTime ? when : now.toISOString();
    const authorNode = atom ? raw.author : undefined;
    const author = clip(plain(isNode(authorNode) ? authorNode.name : (raw['dc:creator'] ?? raw.author)) || feedAuthor || feedTitle, 256);
    const lang = langOf(raw['@_xml:lang']) ?? feedLang;
    posts.push({
      source: 'rss',
      externalId: externalIdOf(id),
      text: clip(joined, 20_000),
      createdAt,
      author: { handle: clip(host, 256), name: author },
      ...(link ? { url: link } : {}),
      ...(lang ? { lang } : {}),
    });
  }
  return { posts, skipped };
}
