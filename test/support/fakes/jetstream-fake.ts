import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A Jetstream commit event as the service sends it (https://github.com/bluesky-social/jetstream, README "Example events"). */
export function jetstreamCommit(n: number, text: string, timeUs: number): Record<string, unknown> {
  return {
    did: `did:plc:fake${String(n % 7).padStart(20, '0')}`,
    time_us: timeUs,
    kind: 'commit',
    commit: {
      rev: `3l3qo2vuowo2${n}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: `3l3qo2vutsw${String(n).padStart(4, '0')}`,
      record: { $type: 'app.bsky.feed.post', createdAt: new Date(Math.floor(timeUs / 1000)).toISOString(), langs: ['id'], text },
      cid: `bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi${n}`,
    },
  };
}

/**
 * A loopback Jetstream: `/subscribe?cursor=<µs>` replays the stored events at or after the cursor
 * (as the real service does), then holds the connection open. `dropAfter` closes the socket
 * abruptly after that many events of a connection (a dropped stream).
 */
export interface JetstreamFake {
  url: string;
  events: Array<Record<string, unknown>>;
  /** Raw frames sent as they are (malformed JSON, odd events), by position before event i. */
  junk: Map<number, string>;
  dropAfter: number | undefined;
  connections: Array<{ cursor: string | null }>;
  close(): Promise<void>;
}

export async function startJetstreamFake(): Promise<JetstreamFake> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const fake: JetstreamFake = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/subscribe`,
    events: [],
    junk: new Map(),
    dropAfter: undefined,
    connections: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (ws: WebSocket, req) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const cursor = url.searchParams.get('cursor');
    fake.connections.push({ cursor });
    const from = cursor === null ? 0 : Number(cursor);
    let sent = 0;
    for (let i = 0; i < fake.events.length; i++) {
      const e = fake.events[i]!;
      if ((e.time_us as number) < from) continue;
      const junk = fake.junk.get(i);
      if (junk !== undefined) ws.send(junk);
      ws.send(JSON.stringify(e));
      sent++;
      if (fake.dropAfter !== undefined && sent >= fake.dropAfter) {
        // The socket dies without a close frame, after what was sent reached the client.
        setTimeout(() => ws.terminate(), 50);
        return;
      }
    }
  });
  return fake;
}
