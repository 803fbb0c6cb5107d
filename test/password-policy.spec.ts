import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENGINE } from './support/database.js';
import { startTestApp, type TestApp } from './support/app.js';

describe(`password policy (${ENGINE})`, () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin');
  });
  afterAll(async () => t.close());

  it.each(['aaaaaaaaaa', '1234567890', 'password123', 'qwertyuiop'])('refuses to create a user with the password %s (400 validation_failed on password)', async (password) => {
    const res = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email: `weak-${password}@test.local`, name: 'Weak', role: 'viewer', password });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ path: 'password', message: expect.stringMatching(/too easy to guess/) }]);
    const listed = await t.http.get('/api/users?limit=500').set('authorization', `Bearer ${admin}`);
    expect(listed.body.items.map((u: { email: string }) => u.email)).not.toContain(`weak-${password}@test.local`);
  });

  it("refuses a password built from the user's own name and email", async () => {
    const res = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email: 'budi.santoso@test.local', name: 'Budi Santoso', role: 'viewer', password: 'budisantoso' });
    expect(res.status).toBe(400);
  });

  it('stops the first start when SIAGA_ADMIN_PASSWORD is too easy to guess, naming the variable', async () => {
    await expect(startTestApp({ SIAGA_ADMIN_PASSWORD: '1234567890' })).rejects.toThrow(/^SIAGA_ADMIN_PASSWORD: password: password is too easy to guess/);
  });

  it('refuses a weak new password, and keeps the old one working', async () => {
    const created = await t.http.post('/api/users').set('authorization', `Bearer ${admin}`).send({ email: 'keeper@test.local', name: 'Keeper', role: 'viewer', password: 'a-fine-long-passphrase' });
    expect(created.status).toBe(201);
    const res = await t.http.put(`/api/users/${created.body.id}/password`).set('authorization', `Bearer ${admin}`).send({ password: '1234567890' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('password');
    expect((await t.http.post('/api/auth/login').send({ email: 'keeper@test.local', password: 'a-fine-long-passphrase' })).status).toBe(200);
  });
});
