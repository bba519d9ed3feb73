import { createTestApp, type TestApp } from './setup/test-app.js';

type Operation = { summary?: string; responses: Record<string, unknown>; security?: unknown[] };

describe('OpenAPI documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs and an OpenAPI 3 document at /docs-json, without a token', async () => {
    const ui = await t.http().get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await t.http().get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
  });

  it('documents every route of the contract with a summary and its error answers', async () => {
    const doc = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${p}`, op] as const),
    );
    const names = routes.map(([r]) => r);
    for (const expected of [
      'POST /api/v1/auth/login',
      'GET /api/v1/me',
      'POST /api/v1/organizations',
      'GET /api/v1/organizations',
      'GET /api/v1/organizations/{id}',
      'PATCH /api/v1/organizations/{id}',
      'POST /api/v1/users',
      'GET /api/v1/users',
      'PATCH /api/v1/users/{id}',
      'GET /api/v1/taxonomies',
      'GET /api/v1/taxonomies/{scheme}',
      'PUT /api/v1/taxonomies/{scheme}',
      'POST /api/v1/needs',
      'GET /api/v1/needs',
      'GET /api/v1/needs/{id}',
      'PATCH /api/v1/needs/{id}',
      'DELETE /api/v1/needs/{id}',
      'POST /api/v1/needs/batch',
      'POST /api/v1/capabilities',
      'GET /api/v1/capabilities',
      'GET /api/v1/capabilities/{id}',
      'PATCH /api/v1/capabilities/{id}',
      'DELETE /api/v1/capabilities/{id}',
      'POST /api/v1/capabilities/batch',
      'POST /api/v1/matches/{id}/transition',
      'GET /api/v1/notifications',
      'POST /api/v1/notifications/{id}/read',
      'PUT /api/v1/notifications/settings',
      'PUT /api/v1/organizations/{id}/webhooks',
      'GET /api/v1/organizations/{id}/webhooks/deliveries',
      'POST /api/v1/organizations/{id}/webhooks/deliveries/{deliveryId}/replay',
      'GET /api/v1/stats/funnel',
      'GET /api/v1/stats/sectors',
      'GET /api/v1/stats/districts',
      'GET /api/v1/stats/flows',
      'GET /api/v1/stats/time-to-approval',
      'POST /api/v1/imports/needs',
      'POST /api/v1/imports/capabilities',
      'GET /api/v1/exports/needs',
      'GET /api/v1/exports/capabilities',
      'GET /api/v1/exports/matches',
      'GET /health',
      'GET /health/ready',
    ]) {
      expect(names).toContain(expected);
    }
    for (const [name, op] of routes) {
      expect({ name, summary: op.summary }).toEqual({ name, summary: expect.stringMatching(/\S/) });
      if (name.startsWith('GET /health')) continue;
      const codes = Object.keys(op.responses);
      expect({ name, documentsErrors: codes.some((c) => /^4\d\d$/.test(c)) }).toEqual({ name, documentsErrors: true });
    }
  });

  it('documents the DTOs with examples and the one error shape', async () => {
    const doc = (await t.http().get('/docs-json')).body as {
      components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
    };
    const s = doc.components.schemas;
    expect(s.ErrorBody.properties).toHaveProperty('statusCode');
    expect(s.ErrorBody.properties).toHaveProperty('details');
    expect(s.CreateNeedDto.properties?.title.example).toBeTruthy();
    expect(s.CreateCapabilityDto.properties?.trl.example).toBe(6);
  });
});
