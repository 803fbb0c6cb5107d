import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page, Post, Program } from '@siaga/shared';
import { DetectionService } from '../server/src/detection/detection.service.js';
import { EventBus } from '../server/src/events/event-bus.js';
import type { RollupsChanged } from '../server/src/rollups/rollups.events.js';
import { connected, liveClient, ofType, subscribe, until, type LiveClient } from './cluster/live-client.js';
import { ENGINE } from './support/database.js';
import { INGEST_KEY, post, startTestApp, type TestApp } from './support/app.js';

/**
 * Later stages learn of every change from events: a relabel (not only an ingest) reaches the
 * live wall and the detectors, and a program edit reaches detection without any polling.
 */
describe(`every change is heard downstream (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  let analyst: string;
  let program: Program;
  const sockets: LiveClient[] = [];
  const changes: RollupsChanged[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin');
    analyst = await t.token('analyst');
    const res = await t.http.post('/api/programs').set('authorization', `Bearer ${admin}`).send({ name: 'Kartu Prakerja', slug: 'prakerja', query: 'prakerja' });
    if (res.status !== 201) throw new Error(`could not create the program: ${res.status}`);
    program = res.body as Program;
    // On a server database the program's detection lease is taken by the next lease cycle, after the answer:
    // until then its input goes to the relay for whoever holds it, and the detector's state below would be empty.
    const detection = t.siaga.app.get(DetectionService);
    await until(() => detection.heldPrograms().includes(program.id), 'this instance to hold the program’s detection lease');
    t.siaga.app.get(EventBus).on('rollups.changed', (e) => {
      changes.push(e);
    });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => t.close());

  /** Negative posts of the program in the share detector's recent window. */
  const shareNegatives = () => {
    const p = t.siaga.app.get(DetectionService).snapshot().programs.find((x) => x.programId === program.id);
    return p ? p.share.ring.reduce((sum, [, , negative]) => sum + (negative ?? 0), 0) : undefined;
  };

  it('a relabel moves the wall’s negative count and the share detector’s input, without a restart', async () => {
    // Three minutes ago: inside the detectors' live window and the wall's live chart.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3 * 60_000);
    const texts = Array.from({ length: 12 }, (_, i) => post({ text: `Pelatihan prakerja hari ini berjalan seperti biasa ${i}`, createdAt: new Date(minute.getTime() + i * 1_000).toISOString() }));
    const ingested = await t.http.post('/api/ingest/posts').set('x-api-key', INGEST_KEY).send({ posts: texts });
    expect(ingested.status).toBe(202);
    expect(ingested.body).toMatchObject({ accepted: 12 });

    const list = await t.http.get(`/api/posts?programId=${program.id}&limit=50`).set('authorization', `Bearer ${analyst}`);
    expect(list.status).toBe(200);
    const posts = (list.body as Page<Post>).items;
    expect(posts).toHaveLength(12);
    const notNegative = posts.filter((p) => p.sentiment.label !== 'negative');
    expect(notNegative.length).toBeGreaterThanOrEqual(5);
    const negativeBefore = 12 - notNegative.length;
    expect(shareNegatives()).toBe(negativeBefore);

    const c = liveClient(t.baseUrl, { token: analyst });
    sockets.push(c.socket);
    await connected(c.socket);
    expect(await subscribe(c.socket, { programIds: [program.id] })).toEqual({ ok: true, programIds: [program.id] });

    const relabelled = notNegative.slice(0, 5);
    for (const p of relabelled) {
      const res = await t.http.post(`/api/posts/${p.id}/sentiment`).set('authorization', `Bearer ${analyst}`).send({ label: 'negative' });
      expect(res.status).toBe(200);
    }

    // The wall: the minute's full totals, with the relabelled posts now negative.
    const update = await until(
      () => ofType(c.events, 'metrics:updated').find((e) => e.payload.programId === program.id && e.payload.minute === minute.toISOString() && e.payload.negative === negativeBefore + 5),
      'metrics:updated with the relabelled posts counted as negative',
      5_000,
    );
    expect(update.payload.volume).toBe(12);
    // The detectors: the share detector's window counts them too, at once.
    expect(shareNegatives()).toBe(negativeBefore + 5);
    const relabels = changes.filter((e) => e.cause === 'relabel');
    expect(relabels).toHaveLength(5);
    expect(relabels[0]).toMatchObject({ programIds: [program.id], minutes: [minute] });
    expect(relabels[0]!.deltas).toEqual([expect.objectContaining({ programId: program.id, volume: 0, negative: 1 })]);
  });

  it('a program edit is heard by detection at once, and a deletion makes it forget the program', async () => {
    const settingsOf = () => t.siaga.app.get(DetectionService).snapshot().programs.find((x) => x.programId === program.id)?.settings;
    expect(settingsOf()).toEqual({ sensitivity: 'medium' });
    const patched = await t.http.patch(`/api/programs/${program.id}`).set('authorization', `Bearer ${admin}`).send({ sensitivity: 'high' });
    expect(patched.status).toBe(200);
    // No tick, no wait: the edit's event has been handled when the answer arrives.
    expect(settingsOf()).toEqual({ sensitivity: 'high' });

    // A query edit re-matches stored posts: the backfill's rollup change is published like any other.
    const before = changes.length;
    const edited = await t.http.patch(`/api/programs/${program.id}`).set('authorization', `Bearer ${admin}`).send({ query: 'prakerja AND NOT pelatihan' });
    expect(edited.status).toBe(200);
    const backfill = await until(() => changes.slice(before).find((e) => e.cause === 'backfill'), 'the backfill to publish its rollup change', 10_000);
    expect(backfill.programIds).toEqual([program.id]);
    expect(backfill.deltas.reduce((sum, d) => sum + d.volume, 0)).toBe(-12);

    const deleted = await t.http.delete(`/api/programs/${program.id}`).set('authorization', `Bearer ${admin}`);
    expect(deleted.status).toBe(204);
    expect(t.siaga.app.get(DetectionService).snapshot().programs.some((x) => x.programId === program.id)).toBe(false);
  });
});
