import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a webhook must not reach unless an admin allows it (SIAGA_WEBHOOK_ALLOW_PRIVATE): the
 * server's own loopback, private and link-local networks (cloud metadata lives at 169.254.169.254),
 * and the special-purpose ranges. A webhook URL is typed by an admin but its host resolves at
 * delivery time, so both the literal host and every resolved address are checked.
 */
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 127], // :: and ::1
  ['::ffff:0:0', 96], // IPv4-mapped: any IPv4 address in disguise
  ['64:ff9b::', 96], // NAT64: likewise
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, bits, 'ipv6');
}

/** True for a loopback, private, link-local or otherwise non-public IP address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host without IPv6 brackets or the root's trailing dot (`localhost.` is `localhost`). */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');

/**
 * Why the URL's literal host is not a public target (an IP in a blocked range, or `localhost`),
 * or undefined. Names that resolve to such an address are caught at delivery time.
 */
export function privateHostReason(rawUrl: string): string | undefined {
  const host = hostOf(new URL(rawUrl)).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is the server itself`;
  if (isPrivateAddress(host)) return `${host} is a loopback, private or reserved address`;
  return undefined;
}

/** Wraps dns.lookup so that a connection to a name that resolves to a blocked address never opens. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) {
      return callback(Object.assign(new Error(`webhook host ${hostname} resolves to ${blocked.address}, a loopback, private or reserved address (an admin may allow it with SIAGA_WEBHOOK_ALLOW_PRIVATE)`), { code: 'EWEBHOOKPRIVATE' }), '', 0);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`webhook host ${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    callback(null, first.address, first.family);
  });
};

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** SIAGA_WEBHOOK_ALLOW_PRIVATE: loopback and private targets are allowed. */
  allowPrivate: boolean;
}

/**
 * POSTs a webhook and answers its status. Redirects are not followed (a public URL could otherwise
 * send the request on to a private one); the answer's body is discarded.
 */
export function postWebhook(req: WebhookRequest): Promise<number> {
  const url = new URL(req.url);
  if (!req.allowPrivate) {
    const reason = privateHostReason(req.url);
    if (reason) return Promise.reject(new Error(`webhook target refused: ${reason} (an admin may allow it with SIAGA_WEBHOOK_ALLOW_PRIVATE)`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const out = client.request(
      url,
      {
        method: 'POST',
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        signal: AbortSignal.timeout(req.timeoutMs),
        ...(req.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}
