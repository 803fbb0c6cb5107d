import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IngestResult, Page, Post, Program, UserSummary } from '@siaga/shared';
import { Ajv, type ValidateFunction } from 'ajv';
import * as formats from 'ajv-formats';
import type { Response } from 'supertest';
import { AlertsService } from '../server/src/alerts/alerts.service.js';
import { buildOpenApi } from '../server/src/docs/openapi.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';
import { volumeSpike } from './support/decisions.js';
import { CHECKED_ROUTES, CLIENT_CHECK_SOURCE } from './support/openapi-client-check.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  tags: string[];
  parameters: Array<{ name: string; in: string; required: boolean; schema: Json }>;
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, Json>;
}

const ROOT = process.cwd();
const OUT = join(ROOT, 'reports', 'openapi-client');
const run = promisify(execFile);
const doc = buildOpenApi() as { servers: unknown[]; tags: Array<{ name: string; description: string }>; components: Json; paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

/** Inlines `#/components/...` references (the document has no cycles). */
function deref<T>(node: T): T {
  if (Array.isArray(node)) return node.map(deref) as T;
  if (!node || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string') {
    const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Json)[k], doc);
    return deref(target as T);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v)])) as T;
}

/** OpenAPI 3.0 schemas are a JSON Schema draft-04/07 subset plus `nullable`, which ajv honours. */
function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  // A namespace import works for this CommonJS module under both node ESM and ts-jest.
  (formats as unknown as { default: (a: Ajv) => Ajv }).default(ajv);
  return ajv;
}
const ajv = strictAjv();
const validators = new Map<string, ValidateFunction>();
const compile = (key: string, schema: unknown) => {
  let v = validators.get(key);
  if (!v) validators.set(key, (v = ajv.compile(deref(schema) as Json)));
  return v;
};
const errorsOf = (v: ValidateFunction) => JSON.stringify(v.errors?.slice(0, 5), null, 1);

/** The response the document declares for this status: exact, else its range (`5XX`). */
function declared(op: Operation, status: number): Json | undefined {
  const r = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`];
  return r && deref(r);
}

/** Validates a live answer against what the document declares for its route and status. */
function expectDocumented(method: string, path: string, res: Response): void {
  const op = doc.paths[path]?.[method];
  expect(op).toBeDefined();
  const response = declared(op!, res.status);
  expect([`${method.toUpperCase()} ${path}`, res.status, response ? 'declared' : 'undeclared']).toEqual([`${method.toUpperCase()} ${path}`, res.status, 'declared']);
  const content = response!.content as Record<string, { schema: Json }> | undefined;
  if (!content) {
    expect(res.text ?? '').toBe('');
    return;
  }
  const type = String(res.headers['content-type']).split(';')[0]!;
  expect(Object.keys(content)).toContain(type);
  const v = compile(`${method} ${path} ${res.status} ${type}`, content[type]!.schema);
  // supertest hands a PDF over as a Buffer (no text): checked as the binary string it is.
  const pdf = type === 'application/pdf' && Buffer.isBuffer(res.body) ? res.body.toString('latin1') : undefined;
  if (type === 'application/pdf') expect(pdf?.startsWith('%PDF-')).toBe(true);
  const bodies: unknown[] = type === 'application/json' ? [res.body] : type === 'application/x-ndjson' ? res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown) : [pdf ?? res.text];
  if (type === 'application/x-ndjson') expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    const ok = v(body);
    if (!ok) throw new Error(`${method.toUpperCase()} ${path} ${res.status}: the answer does not fit the documented schema: ${errorsOf(v)}`);
  }
}

/** The keys that hold null anywhere in an answer. */
function collectNullKeys(node: unknown, into: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (v === null) into.add(k);
    else collectNullKeys(v, into);
  }
}

describe(`OpenAPI document (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin');
    const analyst = await t.token('analyst');
    const as = (token: string) => ({
      get: (p: string) => t.http.get(p).set('authorization', `Bearer ${token}`),
      post: (p: string, body: object) => t.http.post(p).set('authorization', `Bearer ${token}`).send(body),
    });
    const created = await as(admin).post('/api/programs', { name: 'BPJS Kesehatan', slug: 'bpjs', query: 'bpjs' });
    expectDocumented('post', '/api/programs', created);
    const program = created.body as Program;
    // A second program with no alert: its overview tile answers `worstSeverity: null`.
    expectDocumented('post', '/api/programs', await as(admin).post('/api/programs', { name: 'Prakerja', slug: 'prakerja', query: 'prakerja' }));
    const ingested = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post(), post({ url: 'https://x.com/a/status/1', lang: 'id' }), post({ text: 'Kartu prakerja cair hari ini, terima kasih' })] });
    expectDocumented('post', '/api/ingest/posts', ingested);
    if ((ingested.body as IngestResult).accepted !== 3) throw new Error(`fixture: ${JSON.stringify(ingested.body)}`);
    const posts = (await as(admin).get('/api/posts')).body as Page<Post>;
    const relabelled = await as(analyst).post(`/api/posts/${posts.items[0]!.id}/sentiment`, { label: 'negative', note: 'sarcasm' });
    expectDocumented('post', '/api/posts/{id}/sentiment', relabelled);
    const decision = volumeSpike(program.id, new Date());
    // The detectors' decision path, as test/alerts.spec.ts drives it: one open alert.
    const alert = (await t.siaga.app.get(AlertsService).applyDecision(decision))!;
    expectDocumented('post', '/api/alerts/{id}/notes', await as(analyst).post(`/api/alerts/${alert.id}/notes`, { text: 'looking' }));
    expectDocumented('post', '/api/webhooks', await as(admin).post('/api/webhooks', { name: 'Slack gateway', url: 'https://hooks.example.org/siaga' }));
    expectDocumented('post', '/api/ingest-keys', await as(admin).post('/api/ingest-keys', { name: 'crawler' }));
    // A webhook source reads nothing by itself: no network in the fixture.
    const source = await as(admin).post('/api/sources', { type: 'webhook', name: 'Reseller', secret: 'reseller-secret-123' });
    expectDocumented('post', '/api/sources', source);
    ids['/api/sources/{id}'] = (source.body as { id: string }).id;
    ids['/api/users/{id}'] = ((await as(admin).get('/api/auth/me')).body as UserSummary).id;
    ids['/api/programs/{id}'] = program.id;
    const channel = await as(analyst).post('/api/official-channels', { programId: program.id, source: 'x', handle: '@kemenkes', label: 'Kementerian Kesehatan', kind: 'ministry' });
    expectDocumented('post', '/api/official-channels', channel);
    ids['/api/official-channels/{id}'] = (channel.body as { id: string }).id;
    ids['/api/posts/{id}'] = posts.items[0]!.id;
    // Not an id: an account is its source and handle.
    ids['/api/accounts/{source}/{handle}'] = `${posts.items[0]!.source}/${encodeURIComponent(posts.items[0]!.author.handle)}`;
    ids['/api/alerts/{id}'] = alert.id;
    const incident = await as(analyst).post('/api/incidents', { title: 'Hoaks iuran', alertIds: [alert.id] });
    expectDocumented('post', '/api/incidents', incident);
    ids['/api/incidents/{id}'] = (incident.body as { id: string }).id;
  });
  afterAll(async () => t?.close());

  describe('shape', () => {
    it('has a server, tags with descriptions, and a unique camelCase operationId and a declared tag on every operation', () => {
      expect(doc.servers.length).toBeGreaterThan(0);
      const tags = new Set(doc.tags.map((x) => x.name));
      expect(doc.tags.every((x) => x.description.length > 0)).toBe(true);
      const ids = operations.map((o) => o.op.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      for (const { path, method, op } of operations) {
        expect([method, path, /^[a-z][a-zA-Z0-9]*$/.test(op.operationId)]).toEqual([method, path, true]);
        expect([method, path, op.tags.length === 1 && tags.has(op.tags[0]!)]).toEqual([method, path, true]);
      }
    });

    it('documents a 4XX on every operation but the two public probes, and the error body on each', () => {
      const errorBody = deref({ $ref: '#/components/schemas/ErrorBody' });
      for (const { path, method, op } of operations) {
        const statuses = Object.keys(op.responses);
        const clientErrors = statuses.filter((s) => s.startsWith('4'));
        if (path !== '/api/health' && path !== '/metrics') expect([method, path, clientErrors.length > 0]).toEqual([method, path, true]);
        for (const s of [...clientErrors, ...statuses.filter((x) => x === '5XX')]) {
          expect(deref(op.responses[s]!).content).toEqual({ 'application/json': { schema: errorBody } });
        }
      }
      expect(declared(doc.paths['/api/auth/login']!.post!, 429)!.headers).toHaveProperty('Retry-After');
      expect(declared(doc.paths['/api/health']!.get!, 503)!.content).toHaveProperty('application/json');
    });

    it('declares every answer with a schema and a content type, NDJSON ingestion included', () => {
      for (const { path, method, op } of operations) {
        for (const [status, r] of Object.entries(op.responses)) {
          if (status === '204') continue;
          const content = deref(r).content as Record<string, { schema?: Json }> | undefined;
          expect([method, path, status, Object.values(content ?? {}).every((c) => c.schema) && !!content]).toEqual([method, path, status, true]);
        }
      }
      expect(Object.keys(doc.paths['/api/ingest/posts']!.post!.requestBody!.content).sort()).toEqual(['application/json', 'application/x-ndjson']);
      expect(Object.keys(declared(doc.paths['/metrics']!.get!, 200)!.content as Json)).toEqual(['text/plain']);
      expect(Object.keys(declared(doc.paths['/api/posts/export']!.get!, 200)!.content as Json)).toEqual(['text/csv']);
    });

    it('compiles every schema with ajv in strict mode, and the examples fit their schemas', () => {
      let compiled = 0;
      for (const { path, method, op } of operations) {
        for (const p of op.parameters) {
          compile(`${method} ${path} ?${p.name}`, p.schema);
          compiled++;
        }
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          const v = compile(`${method} ${path} body ${type}`, media.schema);
          compiled++;
          if (media.example !== undefined && !v(media.example)) throw new Error(`${method} ${path}: the ${type} example does not fit: ${errorsOf(v)}`);
        }
        for (const [status, r] of Object.entries(op.responses)) {
          for (const [type, media] of Object.entries((deref(r).content ?? {}) as Record<string, { schema: Json }>)) {
            compile(`${method} ${path} ${status} ${type}`, media.schema);
            compiled++;
          }
        }
      }
      expect(compiled).toBeGreaterThan(200);
      for (const name of ['login', 'createProgram', 'ingestPosts', 'relabelPostSentiment', 'acknowledgeAlert', 'resolveAlert']) {
        const op = operations.find((o) => o.op.operationId === name)!.op;
        expect([name, op.requestBody?.content['application/json']?.example !== undefined]).toEqual([name, true]);
      }
    });

    it('lets a nullable enum be null, as strict validators read OpenAPI 3.0', () => {
      const tile = (doc.paths['/api/metrics/overview']!.get!.responses['200'] as { content: { 'application/json': { schema: { properties: { programs: { items: Json } } } } } }).content['application/json'].schema.properties.programs.items;
      const v = ajv.compile(tile);
      const base = { programId: '3f0e6a52-8c1d-4b7e-9a2f-5d6c7b8a9e01', points: [], lastHour: { volume: 0, negative: 0 }, currentMinute: 0, openAlerts: 0, acknowledgedAlerts: 0 };
      expect(v({ ...base, worstSeverity: null })).toBe(true);
      expect(v({ ...base, worstSeverity: 'critical' })).toBe(true);
      expect(v({ ...base, worstSeverity: 'fatal' })).toBe(false);
    });
  });

  it('answers every GET route with what the document declares for it (live, on a fixture)', async () => {
    const gets = operations.filter((o) => o.method === 'get');
    expect(gets.length).toBeGreaterThan(25);
    const query: Record<string, string> = { '/api/metrics/series': `programId=${ids['/api/programs/{id}']!}`, '/api/detection/band': `programId=${ids['/api/programs/{id}']!}`, '/api/digests/preview': 'period=day' };
    const nulls = new Set<string>();
    for (const { path, op } of gets) {
      const base = Object.keys(ids).find((p) => path.startsWith(p));
      const url = base ? path.replace('{id}', ids[base]!).replace('{source}/{handle}', ids[base]!) : path;
      expect([path, url.includes('{')]).toEqual([path, false]);
      for (const p of op.parameters.filter((x) => x.in === 'query' && x.required)) expect([path, p.name, query[path]?.includes(`${p.name}=`)]).toEqual([path, p.name, true]);
      const res = await t.http.get(query[path] ? `${url}?${query[path]}` : url).set('authorization', `Bearer ${admin}`);
      expect([path, res.status]).toEqual([path, 200]);
      expectDocumented('get', path, res);
      if (res.type === 'application/json') collectNullKeys(res.body, nulls);
    }
    // The fixture reaches the nullable fields strict validators used to refuse.
    expect([...nulls]).toEqual(expect.arrayContaining(['worstSeverity', 'resolution', 'acknowledgedAt', 'until', 'nextCursor']));
  });

  it('answers errors with the documented error body', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expectDocumented('get', '/api/alerts/{id}', await t.http.get(`/api/alerts/${missing}`).set('authorization', `Bearer ${admin}`));
    expectDocumented('get', '/api/alerts', await t.http.get('/api/alerts'));
    expectDocumented('post', '/api/programs', await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'BPJS', slug: 'bpjs', query: 'bpjs' }));
    expectDocumented('post', '/api/auth/login', await t.http.post('/api/auth/login').send({ email: 'nobody@test.local', password: 'wrong-password' }));
  });

  it("types the dashboard's calls against a client generated from the document (openapi-typescript, tsc)", async () => {
    // Every API path the dashboard's sources name is a documented route and is in the type check.
    const clientFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? clientFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/(\.test\.tsx?|testing\.tsx?)$/.test(e.name) ? [join(dir, e.name)] : []));
    const called = new Set<string>();
    for (const f of clientFiles(join(ROOT, 'client', 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/'(\/api\/[^'?]+)'|`(\/api\/[^`?]+)`/g)) called.add((m[1] ?? m[2]!).replace(/\$\{[^}]*\}/g, '{}'));
    }
    const fitsPath = (client: string, documented: string) => {
      const [a, b] = [client.split('/'), documented.split('/')];
      return a.length === b.length && a.every((s, i) => s === b[i] || s === '{}' || /^\{\w+\}$/.test(b[i]!));
    };
    const checked = CHECKED_ROUTES.map((r) => r.split(' ')[1]!);
    expect(called.size).toBeGreaterThan(15);
    for (const c of called) {
      expect([c, Object.keys(doc.paths).some((p) => fitsPath(c, p))]).toEqual([c, true]);
      expect([c, checked.some((p) => fitsPath(c, p))]).toEqual([c, true]);
    }

    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'openapi.json'), JSON.stringify(doc));
    await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(OUT, 'openapi.json'), '-o', join(OUT, 'openapi-types.ts')], { timeout: 60_000 });
    writeFileSync(join(OUT, 'check.ts'), CLIENT_CHECK_SOURCE);
    const client = relative(OUT, join(ROOT, 'client'));
    const tsconfig = {
      extends: `${client}/tsconfig.json`,
      compilerOptions: { noEmit: true, noUnusedLocals: false, paths: { '@siaga/shared': [`${relative(OUT, join(ROOT, 'shared/src/index.ts'))}`] } },
      files: ['check.ts'],
      include: [],
    };
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { timeout: 180_000 }).then(
      () => '',
      (err: { stdout?: string; message: string }) => err.stdout || err.message,
    );
    // A failing line names its route: show those lines with the compiler's message.
    const lines = CLIENT_CHECK_SOURCE.split('\n');
    const failures = [...tsc.matchAll(/check\.ts\((\d+),\d+\): (.*)/g)].map((m) => `${lines[Number(m[1]) - 1]?.match(/\('(.*)'\)/)?.[1] ?? `line ${m[1]!}`}: ${m[2]!}`);
    expect(failures.length ? failures : tsc).toEqual('');
  }, 240_000);
});
