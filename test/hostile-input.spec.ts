import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorBody, type Program } from '@siaga/shared';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { ENGINE } from './support/database.js';
import { FakeClock, INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';
import { volumeSpike } from './support/decisions.js';

/**
 * Input PostgreSQL cannot take must be refused at the edge with the documented 400 body: a NUL in
 * any text, a timestamp outside the years 0001–9999 (in a filter or inside a forged cursor), and a
 * body whose Content-Encoding does not decode. Every row failed with a 500 before.
 */

const NUL = 'a\u0000b';
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

/** Years PostgreSQL or JavaScript's ISO strings cannot carry, as a client might write them. */
const BAD_DATES = ['0000-01-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '-000001-01-01T00:00:00Z', '+010000-01-01T00:00:00Z', '9999-12-31T23:30:00-01:00'];

/** A cursor as the server encodes them, around a forged timestamp. */
const cursorAt = (iso: string) => Buffer.from(`${iso}|${UNKNOWN}`, 'utf8').toString('base64url');
/** Timestamps in the server's own cursor format (Date#toISOString) outside the years 0001–9999. */
const BAD_CURSOR_TIMES = ['0000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '-271821-04-20T00:00:00.000Z'];

/** The seven list endpoints (ListQuery in their controllers). */
const LISTS = ['/api/programs', '/api/users', '/api/ingest-keys', '/api/posts', '/api/audit', '/api/sentiment/corrections', '/api/alerts'];

/** What the assertions read of an answer, from supertest or fetch. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Fixture {
  program: Program;
  alertId: string;
  postId: string;
  userId: string;
}

type Case = [name: string, method: 'get' | 'post' | 'put' | 'patch', path: (f: Fixture) => string, body?: (f: Fixture) => Record<string, unknown>];

/** Every text field that reaches a statement, with a NUL in it. */
const NUL_FIELDS: Case[] = [
  ['posts q', 'get', () => `/api/posts?q=${encodeURIComponent(NUL)}`],
  ['posts source', 'get', () => `/api/posts?source=${encodeURIComponent(NUL)}`],
  ['posts export q', 'get', () => `/api/posts/export?q=${encodeURIComponent('\u0000')}`],
  ['audit action', 'get', () => `/api/audit?action=${encodeURIComponent(NUL)}`],
  ['audit targetType', 'get', () => `/api/audit?targetType=${encodeURIComponent(NUL)}`],
  ['series tz', 'get', (f) => `/api/metrics/series?programId=${f.program.id}&tz=${encodeURIComponent(NUL)}`],
  ['list cursor', 'get', () => `/api/programs?cursor=${encodeURIComponent(NUL)}`],
  ['login email', 'post', () => '/api/auth/login', () => ({ email: `${NUL}@test.local`, password: 'whatever-password' })],
  ['user name (create)', 'post', () => '/api/users', () => ({ email: 'nul-user@test.local', name: NUL, role: 'viewer', password: 'Kopi-Tubruk-Pagi-2026' })],
  ['user name (update)', 'patch', (f) => `/api/users/${f.userId}`, () => ({ name: NUL })],
  ['program name', 'post', () => '/api/programs', () => ({ name: NUL, slug: 'nul-name', query: 'bpjs' })],
  ['program query', 'post', () => '/api/programs', () => ({ name: 'Nul query', slug: 'nul-query', query: NUL })],
  ['program description', 'post', () => '/api/programs', () => ({ name: 'Nul description', slug: 'nul-description', query: 'bpjs', description: NUL })],
  ['program name (update)', 'patch', (f) => `/api/programs/${f.program.id}`, () => ({ name: NUL })],
  ['validate-query query', 'post', () => '/api/programs/validate-query', () => ({ query: NUL })],
  ['preview query', 'post', () => '/api/programs/preview', () => ({ query: NUL })],
  ['ingest key name', 'post', () => '/api/ingest-keys', () => ({ name: NUL })],
  ['webhook name', 'post', () => '/api/webhooks', () => ({ name: NUL, url: 'https://hooks.example.org/siaga' })],
  ['alert note', 'post', (f) => `/api/alerts/${f.alertId}/notes`, () => ({ text: NUL })],
  ['acknowledge note', 'post', (f) => `/api/alerts/${f.alertId}/acknowledge`, () => ({ note: NUL })],
  ['resolve note', 'post', (f) => `/api/alerts/${f.alertId}/resolve`, () => ({ note: NUL })],
  ['snooze reason', 'put', (f) => `/api/programs/${f.program.id}/snooze`, () => ({ until: new Date(Date.now() + 3_600_000).toISOString(), reason: NUL })],
  ['relabel note', 'post', (f) => `/api/posts/${f.postId}/sentiment`, () => ({ label: 'negative', note: NUL })],
];

/** Every date a client may send, for each bad year. */
const DATE_FIELDS: Array<[name: string, method: 'get' | 'post' | 'put', path: (f: Fixture, d: string) => string, body?: (f: Fixture, d: string) => Record<string, unknown>]> = [
  ['posts from', 'get', (_f, d) => `/api/posts?from=${encodeURIComponent(d)}`],
  ['posts to', 'get', (_f, d) => `/api/posts?to=${encodeURIComponent(d)}`],
  ['posts export from', 'get', (_f, d) => `/api/posts/export?from=${encodeURIComponent(d)}`],
  ['series from', 'get', (f, d) => `/api/metrics/series?programId=${f.program.id}&from=${encodeURIComponent(d)}`],
  ['series to', 'get', (f, d) => `/api/metrics/series?programId=${f.program.id}&to=${encodeURIComponent(d)}`],
  ['top from', 'get', (_f, d) => `/api/metrics/top?from=${encodeURIComponent(d)}`],
  ['top to', 'get', (_f, d) => `/api/metrics/top?to=${encodeURIComponent(d)}`],
  ['band from', 'get', (f, d) => `/api/detection/band?programId=${f.program.id}&from=${encodeURIComponent(d)}`],
  ['backtest to', 'post', () => '/api/detection/backtest', (f, d) => ({ programId: f.program.id, to: d })],
  ['snooze until', 'put', (f) => `/api/programs/${f.program.id}/snooze`, (_f, d) => ({ until: d })],
];

describe(`hostile input is refused at the edge (${ENGINE})`, () => {
  const clock = new FakeClock(Date.now());
  let t: TestApp;
  let admin: string;
  let fx: Fixture;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await t.token('admin');
    const as = (method: 'post' | 'get', path: string) => t.http[method](path).set('authorization', `Bearer ${admin}`);
    const program = (await as('post', '/api/programs').send({ name: 'BPJS', slug: 'bpjs', query: 'bpjs' })).body as Program;
    const alert = (await t.siaga.app.get(AlertsService).applyDecision(volumeSpike(program.id, clock.now())))!;
    const ingested = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post()] });
    if ((ingested.body as { accepted?: number }).accepted !== 1) throw new Error(`ingest failed: ${JSON.stringify(ingested.body)}`);
    const posts = (await as('get', '/api/posts')).body as { items: Array<{ id: string }> };
    const users = (await as('get', '/api/users')).body as { items: Array<{ id: string }> };
    fx = { program, alertId: alert.id, postId: posts.items[0]!.id, userId: users.items[0]!.id };
  });
  afterAll(async () => t.close());

  const send = (method: string, path: string, body?: Record<string, unknown>) => {
    const req = t.http[method as 'get'](path).set('authorization', `Bearer ${admin}`);
    return body ? req.send(body) : req;
  };

  /** The documented 400: JSON, the error body, the code named. */
  const expect400 = (res: Answer, code: 'validation_failed' | 'bad_request') => {
    expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/json')]);
    expect(ErrorBody.safeParse(res.body).success).toBe(true);
    expect((res.body as ErrorBody).error.code).toBe(code);
  };

  // Rows as objects: jest reads a test function taking more arguments than a row has as taking `done`.
  it.each(NUL_FIELDS.map(([name, method, path, body]) => ({ name, method, path, body })))('a NUL in $name answers 400', async ({ method, path, body }) => {
    const res = await send(method, path(fx), body?.(fx));
    expect400(res, 'validation_failed');
    expect(res.body.error.message).toContain('NUL');
  });

  describe.each(BAD_DATES)('the date %s', (date) => {
    it.each(DATE_FIELDS.map(([name, method, path, body]) => ({ name, method, path, body })))('in $name answers 400', async ({ method, path, body }) => {
      const res = await send(method, path(fx, date), body?.(fx, date));
      expect400(res, 'validation_failed');
    });
  });

  describe.each(LISTS)('the list %s', (list) => {
    it.each(BAD_CURSOR_TIMES)('refuses a cursor at %s', async (iso) => {
      const res = await send('get', `${list}?cursor=${cursorAt(iso)}`);
      expect400(res, 'bad_request');
      expect(res.body.error.message).toContain('cursor');
    });
  });

  // Inside an ingest batch a bad field refuses its post (202 with the rejection), never the batch, never a 500.
  describe("an author's account creation time", () => {
    const ingest = (posts: unknown[]) => t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });
    const written = '2026-11-20T08:00:00.000Z';

    it.each([...BAD_DATES, 'kemarin', '2026-11-20', '2026-11-20T08:00:00.001Z'])('at %s refuses that post only', async (createdAt) => {
      const res = await ingest([post(), post({ createdAt: written, author: { handle: 'akun_baru', createdAt } })]);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, code: 'validation_failed', message: expect.stringMatching(/^author\.createdAt: /) }] });
    });

    it('is read back as given at the edges it allows: year 0001, and the very instant of the post', async () => {
      const res = await ingest([
        post({ externalId: 'akun-tua', createdAt: written, author: { handle: 'akun_tua', createdAt: '0001-01-01T00:00:00Z' } }),
        post({ externalId: 'akun-kilat', createdAt: written, author: { handle: 'akun_kilat', createdAt: '2026-11-20T15:00:00+07:00' } }),
      ]);
      expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      for (const [handle, createdAt] of [['akun_tua', '0001-01-01T00:00:00.000Z'], ['akun_kilat', written]] as const) {
        const page = await send('get', `/api/posts?source=x&author=${handle}`);
        expect(page.body.items.map((p: { author: { createdAt: string | null } }) => p.author.createdAt)).toEqual([createdAt]);
      }
    });
  });

  describe('the post a post quotes or shares', () => {
    const ingest = (posts: unknown[]) => t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts });

    const bad: Array<[label: string, value: string]> = [['with a NUL', NUL], ['empty', ''], ['of 257 characters', 'x'.repeat(257)]];
    it.each(['quotedExternalId', 'sharedExternalId'].flatMap((field) => bad.map(([label, value]) => ({ field, label, value }))))(
      '$field $label refuses that post only',
      async ({ field, value }) => {
        const res = await ingest([post(), post({ [field]: value })]);
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, code: 'validation_failed', message: expect.any(String) }] });
      },
    );
  });

  it('answers a bad export filter with JSON before any CSV', async () => {
    const res = await send('get', `/api/posts/export?q=${encodeURIComponent('\u0000')}`).buffer(true);
    expect400(res, 'validation_failed');
    expect(res.text.startsWith('\uFEFF')).toBe(false);
  });

  describe('bodies whose Content-Encoding does not decode', () => {
    const json = Buffer.from(JSON.stringify({ name: 'Zipped', slug: 'zipped', query: 'bpjs' }));
    const corrupt: Array<[encoding: string, bytes: Buffer]> = [
      ['gzip', Buffer.from('this is not gzip')],
      ['gzip', gzipSync(json).subarray(0, 12)],
      ['deflate', Buffer.from('this is not deflate')],
      ['br', brotliCompressSync(json).subarray(0, 5)],
    ];

    /** Sends the bytes as they are (supertest re-encodes a Buffer sent as JSON). */
    const raw = async (path: string, headers: Record<string, string>, bytes: Buffer) => {
      const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers, body: bytes });
      return { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? '' }, body: JSON.parse(await res.text()) as ErrorBody };
    };

    it.each(corrupt)('%s (%p) answers 400 on a JSON route', async (encoding, bytes) => {
      const res = await raw('/api/programs', { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'content-encoding': encoding }, bytes);
      expect400(res, 'bad_request');
    });

    it.each(corrupt)('%s (%p) answers 400 on JSON ingestion', async (encoding, bytes) => {
      const res = await raw('/api/ingest/posts', { 'x-api-key': INGEST_KEY, 'content-type': 'application/json', 'content-encoding': encoding }, bytes);
      expect400(res, 'bad_request');
    });

    it('still takes a body that decodes', async () => {
      const res = await raw('/api/programs', { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'content-encoding': 'deflate' }, deflateSync(json));
      expect(res.status).toBe(201);
    });

    it('refuses compressed NDJSON, which is read undecoded, with 415', async () => {
      const ndjson = gzipSync(Buffer.from(`${JSON.stringify(post())}\n`));
      const res = await raw('/api/ingest/posts', { 'x-api-key': INGEST_KEY, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, ndjson);
      expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
    });
  });
});
