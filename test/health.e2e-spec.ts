import { createTestApp, type TestApp } from './setup/test-app.js';

describe('health and docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /health without a token', async () => {
    const r = await t.http().get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('reports PostgreSQL and Redis up on /health/ready', async () => {
    const r = await t.http().get('/health/ready');
    expect(r.status).toBe(200);
    expect(r.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });
});
