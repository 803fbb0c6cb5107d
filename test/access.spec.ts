import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLE_RANK, type Role } from '@siaga/shared';
import { DOCUMENTED_ROUTES } from '../server/src/docs/openapi.js';
import { ENGINE } from './support/database.js';
import { ADMIN, startTestApp, type TestApp } from './support/app.js';

const ROLES: Role[] = ['viewer', 'analyst', 'supervisor', 'admin'];
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** The routes Express actually has, as "METHOD /path/{id}". */
function registeredRoutes(t: TestApp): string[] {
  const router = (t.siaga.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router;
  return router.stack
    .filter((l) => l.route)
    .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`))
    .filter((r) => !r.includes('/api/docs'));
}

describe(`access rules, route × role (${ENGINE})`, () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    // Behind a proxy on loopback: X-Forwarded-For gives a login its own address (see below).
    t = await startTestApp({ SIAGA_TRUST_PROXY: 'loopback' });
    for (const r of ROLES) tokens.set(r, await t.token(r));
  });
  afterAll(async () => t.close());

  it('documents every registered route with its access rule', () => {
    const documented = DOCUMENTED_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(registeredRoutes(t).sort()).toEqual(documented);
  });

  const roleRoutes = DOCUMENTED_ROUTES.filter((r) => r.access !== 'public' && r.access !== 'ingest-key');
  const send = (method: string, path: string, token?: string) => {
    const req = t.http[method as 'get'](path.replace(/\{id\}/g, SAMPLE_ID));
    if (token) void req.set('authorization', `Bearer ${token}`);
    return method === 'get' || method === 'delete' ? req : req.send({});
  };

  it.each(roleRoutes.map((r) => [r.method.toUpperCase(), r.path, r.access] as const))('%s %s needs %s', async (method, path, min) => {
    const m = method.toLowerCase();
    const anonymous = await send(m, path);
    expect(anonymous.status).toBe(401);
    const forged = await send(m, path, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.status).toBe(401);
    for (const role of ROLES) {
      const res = await send(m, path, tokens.get(role));
      if (ROLE_RANK[role] < ROLE_RANK[min as Role]) {
        expect([role, res.status]).toEqual([role, 403]);
        expect(res.body.error.code).toBe('forbidden');
      } else {
        expect([role, res.status]).not.toEqual([role, 401]);
        expect([role, res.status]).not.toEqual([role, 403]);
      }
    }
  });

  it('serves the public routes without a token', async () => {
    expect((await t.http.get('/api/health')).status).toBe(200);
    expect((await t.http.get('/metrics')).text).toContain('siaga_ingest_posts_total');
    const docs = await t.http.get('/api/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/ingest/posts');
    expect((await t.http.get('/api/docs')).text).toContain('swagger-ui-bundle.js');
  });

  it('refuses an ingest key where a user token is needed, and a user token where a key is needed', async () => {
    expect((await t.http.get('/api/posts').set('x-api-key', 'test-ingest-key-0123456789abcdef')).status).toBe(401);
    const res = await t.http.post('/api/ingest/posts').set('authorization', `Bearer ${tokens.get('admin')}`).send({ posts: [] });
    expect(res.status).toBe(401);
  });

  it('rate-limits failed logins', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) {
      last = (await t.http.post('/api/auth/login').send({ email: 'nobody@test.local', password: 'wrong-password' })).status;
    }
    expect(last).toBe(429);
    // Another account from the same address is limited too: the address is a key.
    const other = await t.http.post('/api/auth/login').send({ email: ADMIN.email, password: 'wrong' });
    expect(other.status).toBe(429);
  });

  it('ends sessions when an admin demotes a user, and refresh tokens after a password change', async () => {
    const admin = tokens.get('admin')!;
    const created = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email: 'temp@test.local', name: 'Temp', role: 'supervisor', password: 'temp-password-1' });
    expect(created.status).toBe(201);
    const login = await t.http.post('/api/auth/login').set('x-forwarded-for', '10.9.9.9').send({ email: 'temp@test.local', password: 'temp-password-1' });
    // The earlier rate-limit test blocked 127.0.0.1; this suite's app trusts a loopback proxy
    // (SIAGA_TRUST_PROXY), so X-Forwarded-For gives this login its own address.
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body;
    const changed = await t.http.put(`/api/users/${created.body.id}/password`).set('authorization', `Bearer ${admin}`).send({ password: 'another-password-2' });
    expect(changed.status).toBe(204);
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken })).status).toBe(401);
    // The password change ended the access token too (test/sessions.spec.ts has the details).
    expect((await t.http.get('/api/auth/me').set('authorization', `Bearer ${accessToken}`)).status).toBe(401);
    const again = await t.http.post('/api/auth/login').set('x-forwarded-for', '10.9.9.9').send({ email: 'temp@test.local', password: 'another-password-2' });
    expect(again.status).toBe(200);
    const demoted = await t.http.patch(`/api/users/${created.body.id}`).set('authorization', `Bearer ${admin}`).send({ role: 'viewer' });
    expect(demoted.body.role).toBe('viewer');
    const write = await t.http.post('/api/programs').set('authorization', `Bearer ${again.body.accessToken}`).send({ name: 'X', slug: 'x-prog', query: 'x' });
    // A demotion ends the sessions as well: the token issued before it is refused.
    expect(write.status).toBe(401);
    const audit = await t.http.get('/api/audit?targetType=user').set('authorization', `Bearer ${admin}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.created', 'user.password_changed', 'user.updated']));
  });

  it('keeps the last admin', async () => {
    const admin = tokens.get('admin')!;
    const me = await t.http.get('/api/auth/me').set('authorization', `Bearer ${admin}`);
    const res = await t.http.patch(`/api/users/${me.body.id}`).set('authorization', `Bearer ${admin}`).send({ role: 'viewer' });
    expect(res.status).toBe(409);
  });

  it('shows an ingest key once, stores it hashed, and refuses it after revocation', async () => {
    const admin = tokens.get('admin')!;
    const created = await t.http.post('/api/ingest-keys').set('authorization', `Bearer ${admin}`).send({ name: 'connector' });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key.length).toBeGreaterThan(30);
    const listed = await t.http.get('/api/ingest-keys').set('authorization', `Bearer ${admin}`);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const stored = await t.siaga.db.query<{ key_hash: string }>(`SELECT key_hash FROM ingest_keys WHERE id = $1`, [created.body.id]);
    expect(stored[0]!.key_hash).not.toContain(key);
    const post = { source: 'x', externalId: 'k1', text: 'hello', createdAt: new Date().toISOString(), author: { handle: 'a' } };
    expect((await t.http.post('/api/ingest/posts').set('x-api-key', key).send({ posts: [post] })).status).toBe(202);
    expect((await t.http.delete(`/api/ingest-keys/${created.body.id}`).set('authorization', `Bearer ${admin}`)).status).toBe(200);
    expect((await t.http.post('/api/ingest/posts').set('x-api-key', key).send({ posts: [post] })).status).toBe(401);
  });
});
