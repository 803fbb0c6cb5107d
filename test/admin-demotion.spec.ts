import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ENGINE } from './support/database.js';
import { startTestApp, type TestApp } from './support/app.js';

/** Polls until `fn` answers true; fails after `ms`. */
async function until(fn: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Two admins, each demoted (or deleted) at the same moment: one change wins, the other is
 * refused, and an admin remains. On the PostgreSQL server the two requests are held inside their
 * transactions together (another connection locks both admin rows until both wait), which is the
 * interleaving READ COMMITTED lets through; PGlite runs transactions one at a time anyway.
 */
describe(`the last admin under concurrent changes (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let selfId: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin');
    selfId = (await t.http.get('/api/auth/me').set('authorization', `Bearer ${admin}`)).body.id as string;
  });
  afterAll(async () => t.close());

  const activeAdmins = async () => (await t.siaga.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`))[0]!.n;

  /** Runs both requests while another connection holds both admins' rows (server only). */
  async function together(ids: string[], requests: () => Array<Promise<{ status: number }>>): Promise<number[]> {
    if (t.config.database.engine !== 'postgres') {
      // PGlite runs them one after the other whatever we do. The change to the other admin goes
      // first: had the signed-in admin's own demotion won, it would have ended the session the
      // second request carries (401) before the last-admin check could answer. supertest sends a
      // request only when it is awaited, so awaiting in this order sends in this order.
      const pending = requests();
      const statuses: number[] = [];
      for (let i = pending.length - 1; i >= 0; i--) statuses[i] = (await pending[i]!).status;
      return statuses;
    }
    const blocker = new pg.Client({ connectionString: t.config.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids]);
      const answers = Promise.all(requests());
      const waiting = async () => {
        // Inside a transaction the statistics views are read once: drop that snapshot each time.
        await blocker.query('SELECT pg_stat_clear_snapshot()');
        const r = await blocker.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return r.rows[0]!.n >= 2;
      };
      await until(waiting, 'both changes to wait inside their transactions');
      await blocker.query('COMMIT');
      return (await answers).map((r) => r.status);
    } finally {
      await blocker.end();
    }
  }

  it.each([
    ['two demotions', (other: string) => [{ id: selfId, body: { role: 'viewer' } }, { id: other, body: { role: 'analyst' } }]],
    ['two disablings', (other: string) => [{ id: selfId, body: { active: false } }, { id: other, body: { active: false } }]],
  ])('%s of the last two admins: one wins, one answers 409, one admin remains', async (_, changes) => {
    n++;
    const created = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email: `second-admin-${n}@test.local`, name: 'Second', role: 'admin', password: 'second-admin-passphrase' });
    expect(created.status).toBe(201);
    const other = created.body.id as string;
    expect(await activeAdmins()).toBe(2);
    const plan = changes(other);
    const statuses = await together(
      plan.map((c) => c.id),
      () => plan.map((c) => t.http.patch(`/api/users/${c.id}`).set('authorization', `Bearer ${admin}`).send(c.body)),
    );
    expect(statuses.sort()).toEqual([200, 409]);
    expect(await activeAdmins()).toBe(1);
    // Back to one admin, the signed-in one, for the next case.
    const [remaining] = await t.siaga.db.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' AND active`);
    if (remaining!.id !== selfId) {
      await t.siaga.db.query(`UPDATE users SET role = 'admin', active = true WHERE id = $1`, [selfId]);
      await t.siaga.db.query(`DELETE FROM users WHERE id = $1`, [other]);
      // A fresh token: the change above ended this admin's sessions.
      admin = (await t.http.post('/api/auth/login').send({ email: 'admin@test.local', password: 'admin-password-123' })).body.accessToken as string;
    } else {
      await t.siaga.db.query(`DELETE FROM users WHERE id = $1`, [other]);
    }
  });

  it('a demotion and a deletion of the last two admins: one wins, one answers 409, one admin remains', async () => {
    const created = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email: 'third-admin@test.local', name: 'Third', role: 'admin', password: 'third-admin-passphrase' });
    expect(created.status).toBe(201);
    const other = created.body.id as string;
    const statuses = await together([selfId, other], () => [
      t.http.patch(`/api/users/${selfId}`).set('authorization', `Bearer ${admin}`).send({ role: 'supervisor' }),
      t.http.delete(`/api/users/${other}`).set('authorization', `Bearer ${admin}`),
    ]);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });
});
