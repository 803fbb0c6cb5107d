import { BlueskySettings, MastodonSettings, RssSettings, type SourceType, TelegramSettings } from '@siaga/shared';
import type { Connector, LoopOptions } from './connector.js';
import { JetstreamConnector, type PostFilter } from './jetstream.connector.js';
import { MastodonConnector } from './mastodon.connector.js';
import { RssConnector } from './rss.connector.js';
import { TelegramConnector } from './telegram.connector.js';

export interface ConnectorSpec {
  type: SourceType;
  settings: Record<string, unknown>;
  secret: string | null;
}

/** The connector of a pulling source; undefined for a webhook (collectors push to it). */
export function createConnector(spec: ConnectorSpec, keep: PostFilter, opts: LoopOptions = {}): Connector | undefined {
  switch (spec.type) {
    case 'rss':
      return new RssConnector(RssSettings.parse(spec.settings), opts);
    case 'mastodon':
      return new MastodonConnector(MastodonSettings.parse(spec.settings), spec.secret, opts);
    case 'bluesky':
      return new JetstreamConnector(BlueskySettings.parse(spec.settings), keep, opts);
    case 'telegram':
      if (!spec.secret) throw new Error('a Telegram source needs its bot token');
      return new TelegramConnector(TelegramSettings.parse(spec.settings), spec.secret, opts);
    case 'webhook':
      return undefined;
  }
}

/** Seconds between polls (what a silence is measured against); 0 for streams and pushes. */
export function pollSecondsOf(settings: Record<string, unknown>): number {
  const v = settings.pollIntervalSeconds;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
