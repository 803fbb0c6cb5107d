import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ENGINE } from './support/database.js';
import { ADMIN, INGEST_KEY, post, startTestApp, testDatabaseEnv } from './support/app.js';

describe(`restarts (${ENGINE})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'siaga-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps posts, programs, users and the JWT secret across a restart', async () => {
    const db = await testDatabaseEnv();
    try {
      const first = await startTestApp({}, { dataDir: ENGINE === 'pglite' ? dir : undefined, db });
      const admin = await first.token('admin');
      const created = await first.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'BPJS', slug: 'bpjs', query: 'bpjs' });
      expect(created.status).toBe(201);
      const res = await first.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: [post({ externalId: 'keep-1', text: 'bpjs tetap ada' })] });
      expect(res.body.accepted).toBe(1);
      await first.close();

      const second = await startTestApp({}, { dataDir: ENGINE === 'pglite' ? dir : undefined, db });
      try {
        // A token from before the restart still works: the generated secret was kept.
        const me = await second.http.get('/api/auth/me').set('authorization', `Bearer ${admin}`);
        expect(me.status).toBe(200);
        expect(me.body.email).toBe(ADMIN.email);
        const posts = await second.http.get(`/api/posts?programId=${created.body.id}`).set('authorization', `Bearer ${admin}`);
        expect(posts.body.items.map((p: { externalId: string }) => p.externalId)).toEqual(['keep-1']);
        const users = await second.http.get('/api/users').set('authorization', `Bearer ${admin}`);
        expect(users.body.items).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
    }
  });
});
