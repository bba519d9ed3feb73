import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { until } from './factories/wait.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** E-mail notifications through SMTP_URL, received by an SMTP server the test runs on this machine. */
describe('e-mail notifications', () => {
  let t: TestApp;
  let c: Cast;
  const mails: Array<{ to: string[]; data: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (d: Buffer) => (data += d.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });

  beforeAll(async () => {
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: '示例科技局 <notify@example.org>' });
    c = await createCast(t);
    await t.startWorker();
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('mails each member of both parties once when they are introduced (not the coordinator who did it)', async () => {
    const db = t.app.get(DataSource);
    const cap = (await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(capabilityBody())).body.id;
    const need = (await t.http().post('/api/v1/needs').set(auth(c.enterpriseA)).send(needBody())).body.id;
    const match = await until(
      async () =>
        (
          await db.query<Array<{ id: string }>>(`SELECT id FROM matches WHERE need_id = $1 AND capability_id = $2`, [
            need,
            cap,
          ])
        )[0],
      (m) => !!m,
    );
    await t.http().post(`/api/v1/matches/${match.id}/approve`).set(auth(c.coordinator)).send({});
    const r = await t
      .http()
      .post(`/api/v1/matches/${match.id}/transition`)
      .set(auth(c.coordinator))
      .send({ to: 'introduced', note: '请双方联系' });
    expect(r.status).toBe(200);
    await until(
      () => Promise.resolve(mails.length),
      (n) => n >= 2,
    );
    await new Promise((r) => setTimeout(r, 500)); // nothing more comes
    const to = mails.flatMap((m) => m.to).sort();
    expect(to).toEqual(['a@example.org', 'u@example.org']);
    expect(mails[0].data).toMatch(/Subject: =\?UTF-8\?/);
    expect(mails[0].data).toMatch(/^From: .*<notify@example\.org>/m);
    const emailed = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM notifications WHERE emailed_at IS NOT NULL`,
    );
    expect(emailed[0].n).toBe(2);
  });
});
