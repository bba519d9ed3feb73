// Hostile input on every route: the app's own OpenAPI document is walked operation by operation, and each one gets
// requests with generated values (fast-check, fixed seed) as an admin, a coordinator and a member. No answer may be
// a 5xx. Values start from the documented examples with one or two fields made hostile (so a bad value meets the
// code behind validation), and also come as wrong shapes, wrong content types and malformed bodies. An answer from
// the error filter's PostgreSQL safety net (a 400 naming a SQLSTATE) fails too: such input must be refused earlier.
// FUZZ_RUNS, FUZZ_SEED, FUZZ_ONLY (a regular expression over "METHOD /path") and FUZZ_PRINT=1 help to look into one.
import { getDataSourceToken } from '@nestjs/typeorm';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { Pool } from 'undici';
import { createCast, createUser, login, USER_PASSWORD, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { ADMIN, createTestApp, type TestApp } from './setup/test-app.js';

/** Requests per operation and role: about 60 operations × 3 roles × RUNS requests in all. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: Json[];
  example?: Json;
  default?: Json;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { contentType: string; schema: Schema };
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
}

/** What a request is, in a form the failure report prints. */
interface Sent {
  role: string;
  method: string;
  url: string;
  contentType?: string;
  body?: string;
}

interface Failure extends Sent {
  status: number | string;
  answer: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values

/** Sentinels replaced in the JSON text by what JSON.stringify cannot write (numbers beyond a double). */
const HUGE = '\u0001HUGE\u0001';
const NEG_HUGE = '\u0001NEGHUGE\u0001';
const BIGINT = '\u0001BIGINT\u0001';

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(100),
  '1e20',
  '1e400',
  '-1',
  '0',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '1.5',
  '99999999999999999999999',
  'null',
  'true',
  'undefined',
  '[]',
  '{}',
  "' OR '1'='1' --",
  '%',
  '_',
  '\\',
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF',
  '\u202Eevil',
  'é'.normalize('NFD').repeat(50),
  '🙂'.repeat(300),
  '表'.repeat(20_001),
  'x'.repeat(100_000),
  '2026-02-31',
  '2026-13-01',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-1-1',
  '2026-02-29',
  '2028-02-29',
  '1970-01-01T00:00:00Z',
  '+275760-09-13',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'hitech:',
  ':',
  'hitech:%',
  'hitech:_',
  'hitech:06\u0000',
  'a:b:c',
  'whsec_' + 'A'.repeat(43),
  'http://127.0.0.1:1/',
  'http://[::1]/',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`) },
);

const hostileNumber: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<Json>(
      1e20,
      -1,
      0,
      0.5,
      -0.5,
      2 ** 31,
      2 ** 53 + 2,
      -(2 ** 63),
      1e308,
      Number.MIN_VALUE,
      HUGE,
      NEG_HUGE,
      BIGINT,
    ),
  },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

const hostileScalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<Json>(true, false, null) },
);

/** Nested n deep: arrays in arrays, or objects in objects. */
const deep = (n: number, object: boolean): Json => {
  let v: Json = 1;
  for (let i = 0; i < n; i++) v = object ? { a: v } : [v];
  return v;
};

const hostileAny: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'x'), hostileScalar) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Json>(
      deep(20, true),
      deep(2_000, true),
      deep(2_000, false),
      deep(4_000, false),
      Array.from({ length: 5_000 }, (_, i) => `k${i}`),
      Array.from({ length: 50_000 }, () => 1),
      Array.from({ length: 300_000 }, () => 'xx'), // over 1 MB
      { ['__proto__']: { polluted: true } },
    ),
  },
);

/** Dates the calendar does not have, and dates out of any sane range. */
const hostileDate = fc.constantFrom(
  '2026-02-31',
  '2026-13-01',
  '0000-01-01',
  '2026-00-10',
  '2026-04-31',
  '2027-02-29',
  '9999-99-99',
  '0001-01-01',
  '1000-01-01',
  '9999-12-31',
  '2026-1-01',
  '2026-02-31T00:00:00Z',
  ' 2026-01-01',
);

// ---------------------------------------------------------------------------------------------------------------
// Values from the document

function resolve(doc: OpenApi, s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
  if (s.allOf?.length) return resolve(doc, s.allOf[0]);
  return s;
}

/** A value as documented: the example, an enum member, or something of the type. */
function valid(doc: OpenApi, raw: Schema | undefined, depth = 0): Json {
  const s = resolve(doc, raw);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.properties) {
    const out: Record<string, Json> = {};
    if (depth < 4) for (const [k, p] of Object.entries(s.properties)) out[k] = valid(doc, p, depth + 1);
    return out;
  }
  if (s.type === 'integer' || s.type === 'number') return 1;
  if (s.type === 'boolean') return false;
  if (s.type === 'array') return depth < 4 && s.items ? [valid(doc, s.items, depth + 1)] : [];
  if (s.type === 'object') return {};
  return 'x';
}

/** A hostile value that fits the property's place: a bad date where a date goes, a huge number for a number … */
function hostileFor(doc: OpenApi, name: string, raw: Schema | undefined): fc.Arbitrary<Json> {
  const s = resolve(doc, raw);
  const dateLike =
    /date|deadline|signedOn|^from$|^to$/i.test(name) ||
    (typeof s.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.example));
  // null everywhere: where a column is NOT NULL it must be refused, not passed on.
  const typed: fc.Arbitrary<Json>[] = [fc.constant(null)];
  if (dateLike) typed.push(hostileDate);
  if (s.type === 'integer' || s.type === 'number') typed.push(hostileNumber);
  if (s.type === 'string' || s.enum) typed.push(hostileString);
  if (s.enum)
    typed.push(
      fc.constantFrom(...s.enum.map((e) => `${queryText(e)} `), ...s.enum.map((e) => queryText(e).toUpperCase())),
    );
  if (s.type === 'array') {
    const item = hostileFor(doc, name, s.items);
    typed.push(
      fc.array(item, { minLength: 1, maxLength: 4 }),
      fc.array(fc.constant(valid(doc, s.items)), { minLength: 1000, maxLength: 12_000 }),
    );
  }
  // A nested object: as documented but for one or two of its fields, or hostile throughout.
  if (s.properties) typed.push(mutated(doc, s, valid(doc, s) as Record<string, Json>), hostileObject(doc, s));
  return typed.length
    ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...typed) }, { weight: 1, arbitrary: hostileAny })
    : hostileAny;
}

/** The documented example with one or two fields made hostile. */
function mutated(doc: OpenApi, s: Schema, base: Record<string, Json>): fc.Arbitrary<Json> {
  const names = Object.keys(s.properties ?? {});
  if (!names.length) return fc.constant(base);
  return fc
    .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: Math.min(2, names.length) })
    .chain((chosen) =>
      fc
        .tuple(...chosen.map((k) => fc.option(hostileFor(doc, k, s.properties![k]), { freq: 12, nil: undefined })))
        .map((vals) => {
          const out: Record<string, Json> = { ...base };
          chosen.forEach((k, i) => {
            if (vals[i] === undefined) delete out[k];
            else out[k] = vals[i]!;
          });
          return out;
        }),
    );
}

function hostileObject(doc: OpenApi, s: Schema): fc.Arbitrary<Json> {
  const props = Object.entries(s.properties ?? {});
  return fc
    .record(Object.fromEntries(props.map(([k, p]) => [k, hostileFor(doc, k, p)])), { requiredKeys: [] })
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Json);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** Percent-encodes every byte but the unreserved ones (also lone surrogates, which encodeURIComponent refuses). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return h;
}

/** A value as a query string carries it: text, with the sentinels written as the numbers they stand for. */
function queryText(v: Json): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text === HUGE
    ? '1e400'
    : text === NEG_HUGE
      ? '-1e400'
      : text === BIGINT
        ? '123456789012345678901234567890'
        : text;
}

function jsonText(v: Json): string {
  return JSON.stringify(v)
    .replaceAll(JSON.stringify(HUGE), '1e400')
    .replaceAll(JSON.stringify(NEG_HUGE), '-1e400')
    .replaceAll(JSON.stringify(BIGINT), '123456789012345678901234567890');
}

interface Draft {
  path: string;
  query: Array<[string, string]>;
  contentType?: string;
  body?: string | Buffer;
}

const rawBodies: Array<{ contentType?: string; body: string | Buffer }> = [
  { contentType: 'application/json', body: '{"title":' },
  { contentType: 'application/json', body: '{"a":1e400}' },
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: '"text"' },
  { contentType: 'application/json', body: '[' + '['.repeat(100_000) },
  { contentType: 'application/json', body: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
  { contentType: 'application/json; charset=utf-16', body: '{}' },
  { contentType: 'application/json; charset=koi8-r', body: '{}' },
  { contentType: 'application/json', body: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
  { contentType: 'application/x-www-form-urlencoded', body: 'title=a&title=b&page=1e20&a[b][c]=d' },
  { contentType: 'text/plain', body: 'hello' },
  { contentType: 'text/csv', body: 'title,description\n' + 'a,b\n'.repeat(1000) },
  {
    contentType: 'multipart/form-data; boundary=x',
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  },
  { contentType: 'application/xml', body: '<a/>' },
  { body: 'no content type' },
  { contentType: 'application/json', body: Buffer.alloc(1_100_000, 0x20) },
];

const CSV_HEADERS = [
  '标题',
  'title',
  '描述',
  'description',
  '领域',
  '关键词',
  '合作方式',
  '区县',
  '组织',
  '类型',
  '预算下限',
  '预算上限',
  '截止日期',
  '公开范围',
  '技术就绪度',
  '知识产权',
  '同时对接上限',
  '颜色',
];

const csvCell = (v: string) => `"${v.replaceAll('"', '""')}"`;

const csvBody: fc.Arbitrary<{ contentType?: string; body: string | Buffer }> = fc.oneof(
  fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...CSV_HEADERS), { minLength: 1, maxLength: 8 }),
      fc.array(
        fc.array(
          fc.oneof(hostileString, hostileDate, fc.constantFrom('一段足够长的描述', 'hitech:0603', '1e20', '-1')),
          { maxLength: 8 },
        ),
        {
          maxLength: 4,
        },
      ),
      fc.boolean(),
    )
    .map(([header, rows, bom]) => ({
      contentType: 'text/csv',
      body:
        (bom ? '\uFEFF' : '') +
        [header.map(csvCell), ...rows.map((r) => r.map((c) => csvCell(String(c))))]
          .map((r) => r.join(','))
          .join('\r\n'),
    })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ contentType: 'text/csv', body: Buffer.from(b) })),
  fc.constantFrom<{ contentType?: string; body: string | Buffer }>(
    { contentType: 'text/csv', body: '' },
    { contentType: 'text/csv', body: Buffer.from([0xef, 0xbb, 0xbf]) },
    { contentType: 'text/csv', body: Buffer.from([0x81, 0x30, 0x81]) }, // a cut GB18030 sequence
    { contentType: 'text/csv', body: '标题\n' + '一行\n'.repeat(1_500) },
    { contentType: 'text/csv', body: '"' + 'x'.repeat(2_000_000) },
    { contentType: 'text/csv', body: Buffer.alloc(11 * 1024 * 1024, 0x61) },
    { contentType: 'application/json', body: '{"title":"x"}' },
    { body: '标题\n一行\n' },
  ),
);

/** A challenge application's attachment: PDF bytes, other bytes, wrong types, an empty or an oversized body. */
const pdfBody: fc.Arbitrary<{ contentType?: string; body: string | Buffer }> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => ({
    contentType: 'application/pdf',
    body: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(b)]),
  })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ contentType: 'application/pdf', body: Buffer.from(b) })),
  fc.constantFrom<{ contentType?: string; body: string | Buffer }>(
    { contentType: 'application/pdf', body: '' },
    { contentType: 'application/pdf', body: Buffer.alloc(21 * 1024 * 1024, 0x25) },
    { contentType: 'application/json', body: '{"title":"x"}' },
    { contentType: 'text/csv', body: '%PDF-1.7' },
    { body: '%PDF-1.7' },
  ),
);

// ---------------------------------------------------------------------------------------------------------------

const t: TestApp = await createTestApp({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
const doc = (await t.http().get('/docs-json')).body as OpenApi;

const operations: Operation[] = [];
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const content = op.requestBody?.content ?? {};
    const contentType = Object.keys(content)[0];
    operations.push({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: contentType ? { contentType, schema: content[contentType].schema } : undefined,
    });
  }
}
// Reads first, then writes; then the writes that change what others stand on (an organisation's kind, a whole
// sector scheme), deletions, and the routes that sign people out or in (so that no other route runs with a token
// they ended, nor after the sign-in throttle has counted the failures they provoke).
const LATE_WRITES = new Set(['PATCH /api/v1/organizations/{id}', 'PUT /api/v1/taxonomies/{scheme}']);
const rank = (o: Operation) => {
  if (o.path.endsWith('/auth/login')) return 5;
  if (o.path.endsWith('/auth/logout')) return 4;
  if (o.method === 'DELETE') return 3;
  if (LATE_WRITES.has(`${o.method} ${o.path}`)) return 2;
  return o.method === 'GET' ? 0 : 1;
};
operations.sort((a, b) => rank(a) - rank(b));

describe('hostile input on every route of the OpenAPI document', () => {
  let c: Cast;
  let pool: Pool;
  const ids: Record<string, string[]> = {};
  const roles: Record<string, () => Promise<string>> = {};
  const fresh: Record<string, { email: string; password: string }> = {};

  beforeAll(async () => {
    c = await createCast(t);
    const db = t.app.get<DataSource>(getDataSourceToken());
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const post = async (path: string, token: string, body: object) => {
      const r = await t.http().post(`/api/v1${path}`).set(as(token)).send(body);
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { id: string; jobId: string };
    };
    const needs = [
      (await post('/needs', c.enterpriseA, needBody())).id,
      (await post('/needs', c.enterpriseA, needBody({ visibility: 'restricted', title: '保密需求' }))).id,
    ];
    const caps = [
      (await post('/capabilities', c.university, capabilityBody())).id,
      (await post('/capabilities', c.university, capabilityBody({ title: '另一项成果', maxActiveIntroductions: 3 })))
        .id,
    ];
    const matches: string[] = [];
    for (const [n, cap] of [
      [needs[0], caps[0]],
      [needs[1], caps[0]],
      [needs[0], caps[1]],
      [needs[1], caps[1]],
    ]) {
      const [m] = await db.query<Array<{ id: string }>>(
        `INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version)
         VALUES ($1, $2, 0.5, 1, 'suggested', '{}'::jsonb, 'fuzz') RETURNING id`,
        [n, cap],
      );
      matches.push(m.id);
    }
    // One match at each stage, so that transitions with hostile contracts reach the code behind validation.
    await post(`/matches/${matches[1]}/approve`, c.coordinator, {});
    await post(`/matches/${matches[2]}/approve`, c.coordinator, {});
    await post(`/matches/${matches[2]}/transition`, c.coordinator, { to: 'introduced' });
    await post(`/matches/${matches[3]}/approve`, c.coordinator, {});
    await post(`/matches/${matches[3]}/transition`, c.coordinator, { to: 'introduced' });
    await post(`/matches/${matches[3]}/transition`, c.enterpriseA, { to: 'negotiating' });
    const job = (await post('/matching/rematch', c.coordinator, { needIds: [needs[0]] })).jobId;
    await t
      .http()
      .put('/api/v1/taxonomies/fuzz')
      .set(as(c.admin))
      .send({ name: 'fuzz', codes: [{ code: '01', nameZh: '一' }] })
      .expect(200);
    await t
      .http()
      .put(`/api/v1/organizations/${c.ids.entA}/webhooks`)
      .set(as(c.enterpriseA))
      .send({ url: 'http://127.0.0.1:1/hook', secret: `whsec_${'A'.repeat(43)}` })
      .expect((r) => expect(r.status).toBeLessThan(300));
    // People whose accounts the walk may change (a password, a role, sign-in disabled): not the ones signed in.
    const victims = [
      await createUser(t, c.admin, { email: 'victim1@example.org', role: 'member', organizationId: c.ids.entA }),
      await createUser(t, c.admin, { email: 'victim2@example.org', role: 'coordinator', organizationId: c.ids.gov }),
    ];
    Object.assign(ids, {
      '/needs/': needs,
      '/capabilities/': caps,
      '/matches/': matches,
      '/matching/jobs/': [job],
      '/organizations/': [c.ids.entA, c.ids.uni, c.ids.gov],
      '/users/': victims,
      '/taxonomies/': ['fuzz', 'hitech'],
      '/notifications/': [randomUUID()],
      deliveryId: [randomUUID()],
    });
    Object.assign(fresh, {
      admin: ADMIN,
      coordinator: { email: 'coord@example.org', password: USER_PASSWORD },
      member: { email: 'a@example.org', password: USER_PASSWORD },
    });
    Object.assign(roles, {
      admin: () => Promise.resolve(c.admin),
      coordinator: () => Promise.resolve(c.coordinator),
      member: () => Promise.resolve(c.enterpriseA),
    });
    const server = t.app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      connections: 1,
      headersTimeout: 20_000,
      bodyTimeout: 20_000,
    });
  });

  afterAll(async () => {
    await pool?.close();
    await t.close();
  });

  /** Real ids where the route names one, else hostile ones: random UUIDs, not UUIDs at all. */
  function pathParam(path: string, name: string): fc.Arbitrary<string> {
    const before = path.slice(0, path.indexOf(`{${name}}`)).replace('/api/v1', '');
    const key = name === 'deliveryId' ? 'deliveryId' : Object.keys(ids).find((k) => before.endsWith(k));
    const real = key ? ids[key] : [];
    const hostile = fc.oneof(
      fc.uuid(),
      hostileString.filter((s) => s.length > 0 && s.length < 5_000),
      fc.constantFrom('not-a-uuid', '.', '..', ' ', '%2e', 'ffffffff-ffff-ffff-ffff-ffffffffffff0', '{id}'),
    );
    return real.length
      ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: hostile })
      : hostile;
  }

  /** Each parameter left out or as documented, then one or two of them made hostile (so that they meet the code). */
  function queryParams(op: Operation): fc.Arbitrary<Array<[string, string]>> {
    const qs = op.parameters.filter((p) => p.in === 'query');
    const asText = (v: Json): string[] => (Array.isArray(v) ? v.slice(0, 50).map(queryText) : [queryText(v)]);
    const plain = (p: Parameter) => fc.constantFrom<string[]>([], asText(valid(doc, p.schema)));
    const hostile = (p: Parameter): fc.Arbitrary<string[]> =>
      fc.oneof(
        { weight: 4, arbitrary: hostileFor(doc, p.name, p.schema).map(asText) },
        { weight: 1, arbitrary: fc.tuple(hostileString, hostileString).map(([a, b]) => [a, b]) },
      );
    const extra = fc.oneof(
      { weight: 6, arbitrary: fc.constant<Array<[string, string]>>([]) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('__proto__', 'constructor', 'page[x]', 'unknown'), hostileString)
          .map(([k, v]): Array<[string, string]> => [[k, v.slice(0, 200)]]),
      },
    );
    const chosen = qs.length
      ? fc.uniqueArray(fc.nat({ max: qs.length - 1 }), { minLength: 0, maxLength: Math.min(2, qs.length) })
      : fc.constant<number[]>([]);
    return fc
      .tuple(chosen, fc.tuple(...qs.map(plain)), fc.tuple(...qs.map(hostile)), extra)
      .map(([bad, plainValues, hostileValues, more]) => [
        ...qs.flatMap((p, i) =>
          (bad.includes(i) ? hostileValues[i] : plainValues[i]).map((v): [string, string] => [
            p.name,
            v.slice(0, 6_000),
          ]),
        ),
        ...more,
      ]);
  }

  function bodyFor(op: Operation): fc.Arbitrary<{ contentType?: string; body?: string | Buffer }> {
    if (!op.body) {
      return fc.oneof(
        { weight: 5, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
        { weight: 1, arbitrary: hostileAny.map((v) => ({ contentType: 'application/json', body: jsonText(v) })) },
      );
    }
    if (op.body.contentType === 'text/csv') return csvBody;
    if (op.body.contentType === 'application/pdf') return pdfBody;
    let s = resolve(doc, op.body.schema);
    // A batch's items are single creates; the document says only "objects".
    const itemSchema = op.path.endsWith('/needs/batch')
      ? 'CreateNeedDto'
      : op.path.endsWith('/capabilities/batch')
        ? 'CreateCapabilityDto'
        : null;
    const base = valid(doc, s) as Record<string, Json>;
    if (itemSchema) {
      base.items = [valid(doc, { $ref: itemSchema }), valid(doc, { $ref: itemSchema })];
      s = { ...s, properties: { items: { type: 'array', items: { $ref: itemSchema } } } };
    }
    if (op.path.includes('/needs') || op.path.includes('/users')) base.organizationId = c.ids.entA;
    if (op.path.includes('/capabilities')) base.organizationId = c.ids.uni;
    if ('needIds' in base) base.needIds = ids['/needs/'];
    const itemMutations = itemSchema
      ? [
          {
            weight: 4,
            arbitrary: mutated(
              doc,
              resolve(doc, { $ref: itemSchema }),
              valid(doc, { $ref: itemSchema }) as Record<string, Json>,
            ).map((item) => ({ ...base, items: [base.items as Json[], item].flat() })),
          },
        ]
      : [];
    // Bodies to start from: the documented example, its required fields only, and known good requests where the
    // example is not one (its optional fields exclude each other), so that a hostile field meets the code behind.
    const required = Object.fromEntries((s.required ?? []).map((k) => [k, base[k]]));
    const starts = [base, required, ...(goodBodies()[`${op.method} ${op.path}`] ?? [])];
    const json = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...starts).chain((start) => mutated(doc, s, start)) },
      ...itemMutations,
      { weight: 2, arbitrary: hostileObject(doc, s) },
      { weight: 2, arbitrary: hostileAny },
      {
        weight: 1,
        arbitrary: fc
          .dictionary(
            fc.constantFrom('__proto__', 'constructor', 'prototype', 'zz', 'id', 'createdAt'),
            hostileScalar,
            { minKeys: 1 },
          )
          .map((more) => ({ ...base, ...more })),
      },
    );
    return fc.oneof(
      { weight: 8, arbitrary: json.map((v) => ({ contentType: 'application/json', body: jsonText(v) })) },
      { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
    );
  }

  function goodBodies(): Record<string, Array<Record<string, Json>>> {
    const contract = { mode: 'license', amountCny: 800000, signedOn: '2026-11-20' };
    return {
      'POST /api/v1/matches/{id}/transition': [
        { to: 'introduced' },
        { to: 'negotiating', note: '进展' },
        { to: 'contracted', contract },
        { to: 'contracted', contract: { ...contract, registrationNo: '2026230103000123' } },
        { to: 'closed_no_deal', reason: 'price' },
      ],
      'POST /api/v1/matches/{id}/approve': [{}, { note: '通过', shared: true, expectedStatus: 'suggested' }],
      'POST /api/v1/matches/{id}/reject': [{ note: '不对口' }, { reason: 'not_relevant' }],
      'POST /api/v1/matching/rematch': [
        { scope: 'all' },
        { needIds: ids['/needs/'] },
        { capabilityIds: ids['/capabilities/'] },
      ],
      'PATCH /api/v1/users/{id}': [
        { name: '新名字' },
        { active: false },
        { role: 'member' },
        { password: 'Another-Pass-2026!' },
      ],
      'PATCH /api/v1/needs/{id}': [{ title: '改过的标题' }, { deadline: '2027-06-30' }, { status: 'paused' }],
      'PATCH /api/v1/capabilities/{id}': [{ title: '改过的标题' }, { trl: 7 }, { status: 'withdrawn' }],
      'PATCH /api/v1/organizations/{id}': [{ contact: { person: '王主任' } }, { name: '改名的组织' }],
    };
  }

  function drafts(op: Operation, seed: number): Draft[] {
    const params = op.parameters.filter((p) => p.in === 'path');
    const path = fc
      .tuple(...params.map((p) => pathParam(op.path, p.name)))
      .map((vals) => params.reduce((acc, p, i) => acc.replace(`{${p.name}}`, pct(vals[i])), op.path));
    const arb = fc
      .record({ path, query: queryParams(op), sent: bodyFor(op) })
      .map(({ path, query, sent }) => ({ path, query, ...sent }));
    return fc.sample(arb, { seed, numRuns: RUNS });
  }

  async function send(role: string, op: Operation, d: Draft): Promise<Failure | null> {
    let token = await roles[role]();
    // Signing out ends the session it names: each sign-out gets a session of its own.
    if (op.path.endsWith('/auth/logout')) token = await login(t, fresh[role].email, fresh[role].password);
    const qs = d.query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
    const url = d.path + (qs ? `?${qs}` : '');
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (d.contentType) headers['content-type'] = d.contentType;
    const sent: Sent = {
      role,
      method: op.method,
      url: url.length > 400 ? `${url.slice(0, 400)}… (${url.length} chars)` : url,
      contentType: d.contentType,
      body:
        d.body === undefined
          ? undefined
          : String(d.body).slice(0, 400) + (d.body.length > 400 ? `… (${d.body.length})` : ''),
    };
    try {
      const r = await pool.request({ method: op.method, path: url, headers, body: d.body });
      const answer = await r.body.text();
      if (process.env.FUZZ_PRINT) {
        process.stdout.write(
          `${r.statusCode} ${role} ${op.method} ${sent.url.slice(0, 120)} ${sent.body?.slice(0, 160)}\n`,
        );
      }
      if (r.statusCode >= 500) return { ...sent, status: r.statusCode, answer: answer.slice(0, 400) };
      // The error filter answers a PostgreSQL data error with 400 (details: PostgreSQL <SQLSTATE>) as a safety net;
      // such a value should have been refused by validation before it reached the database.
      if (/"field":"request","message":"PostgreSQL /.test(answer)) {
        return { ...sent, status: `${r.statusCode}: reached PostgreSQL unchecked`, answer: answer.slice(0, 400) };
      }
      return null;
    } catch (err) {
      // A refused oversized body may close the connection before it is all sent: that is an answer, not a crash.
      const code = (err as { code?: string }).code ?? '';
      if (/EPIPE|ECONNRESET|UND_ERR_SOCKET/.test(code) && d.body && d.body.length > 1_000_000) return null;
      return { ...sent, status: `no answer: ${code || String(err)}`, answer: '' };
    }
  }

  it('has the whole API in its document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(55);
  });

  const only = new RegExp(process.env.FUZZ_ONLY ?? '.');
  for (const op of operations.filter((o) => only.test(`${o.method} ${o.path}`))) {
    it(`${op.method} ${op.path}: no 5xx`, async () => {
      const failures: Failure[] = [];
      for (const role of ['admin', 'coordinator', 'member']) {
        // A seed of each operation's own, so that adding a route leaves the others' requests as they were.
        for (const d of drafts(op, SEED ^ hash(`${role} ${op.method} ${op.path}`))) {
          const f = await send(role, op, d);
          if (f) failures.push(f);
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }
});
