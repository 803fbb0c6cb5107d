import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

describe(`ingest back-pressure (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIAGA_INGEST_MAX_IN_FLIGHT: '1' });
  });
  afterAll(() => t.close());

  /** An NDJSON upload that has sent one post and holds the request open until `end`. */
  function slowUpload(): Promise<{ req: ClientRequest; done: Promise<{ status: number; body: string }> }> {
    const url = new URL('/api/ingest/posts', t.baseUrl);
    return new Promise((resolve) => {
      let answered: (v: { status: number; body: string }) => void = () => undefined;
      const done = new Promise<{ status: number; body: string }>((r) => (answered = r));
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'x-api-key': INGEST_KEY, 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => answered({ status: res.statusCode ?? 0, body }));
      });
      // A test that hangs up on purpose expects the socket error.
      req.on('error', () => answered({ status: 0, body: '' }));
      req.write(`${JSON.stringify(post({ externalId: 'slow-1' }))}\n`, () => resolve({ req, done }));
    });
  }

  it('refuses a request beyond the in-flight limit with 503 and Retry-After before reading it, and admits again once the first ends', async () => {
    const first = await slowUpload();
    expect((await t.http.get('/metrics')).text).toContain('siaga_ingest_refused_total 0');
    let refused = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: 'second' })] });
    // The slow upload may not have reached the server yet: its first write only left this process.
    for (let i = 0; i < 50 && refused.status === 202; i++) {
      await new Promise((r) => setTimeout(r, 20));
      refused = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: `second-${i}` })] });
    }
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ error: { code: 'unavailable' } });
    expect((await t.http.get('/metrics')).text).toMatch(/siaga_ingest_refused_total [1-9]/u);

    first.req.end(`${JSON.stringify(post({ externalId: 'slow-2' }))}\n`);
    const answer = await first.done;
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toMatchObject({ accepted: 2 });
    const again = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: 'third' })] });
    expect(again.status).toBe(202);
  });

  it('frees the slot of a client that hangs up mid-upload', async () => {
    const dropped = await slowUpload();
    let status = 202;
    for (let i = 0; i < 50 && status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: `while-held-${i}` })] })).status;
    }
    expect(status).toBe(503);
    dropped.req.destroy();
    for (let i = 0; i < 100 && status === 503; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: `after-drop-${i}` })] })).status;
    }
    expect(status).toBe(202);
  });
});
