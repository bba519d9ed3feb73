import { getDataSourceToken } from '@nestjs/typeorm';
import Papa from 'papaparse';
import { execSync } from 'node:child_process';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createCast, type Cast } from './factories/cast.js';
import { capabilityBody, needBody } from './factories/listings.js';
import { NeedsRepository } from '../src/modules/needs/needs.repository.js';
import { unfinishedRequest } from './setup/processes.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gb18030 = (s: string) => Buffer.from(new Uint8Array(execSync('iconv -f UTF-8 -t GB18030', { input: s })));

describe('spreadsheet import and export', () => {
  let t: TestApp;
  let c: Cast;
  const post = (path: string, token: string, body: Buffer | string) =>
    t.http().post(`/api/v1${path}`).set(auth(token)).set('content-type', 'text/csv').send(body);

  beforeAll(async () => {
    t = await createTestApp();
    c = await createCast(t);
  });
  afterAll(() => t.close());

  it('imports a GB18030 file with a Chinese header, lists split on ；and、, labels for codes', async () => {
    const csv =
      '标题,描述,领域,关键词,合作方式,预算下限,预算上限\r\n' +
      '寒地大豆机械化收获损失,大豆收获损失率高，寻求低损收获装备,hitech:0207,大豆；收获、农机,技术许可；合作开发,100000,500000\r\n';
    const r = await post('/imports/needs', c.enterpriseA, gb18030(csv));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ dryRun: false, encoding: 'gb18030', rows: 1 });
    const need = await t.http().get(`/api/v1/needs/${r.body.created[0]}`).set(auth(c.enterpriseA));
    expect(need.body).toMatchObject({
      title: '寒地大豆机械化收获损失',
      keywords: ['大豆', '收获', '农机'],
      cooperationModes: ['license', 'joint_development'],
      budget: { min: 100000, max: 500000 },
      // Defaults: the kind, the visibility and the organisation's district.
      kind: 'technical_problem',
      visibility: 'public',
      district: '平房',
    });
  });

  it('imports UTF-8 with a BOM and an English header', async () => {
    const csv =
      '\uFEFFtitle,description,sectors,trl\nLow-temperature electrolyte,Keeps 85% capacity at -40°C,hitech:0603,6\n';
    const r = await post('/imports/capabilities', c.university, Buffer.from(csv, 'utf8'));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ encoding: 'utf-8', rows: 1 });
    const cap = await t.http().get(`/api/v1/capabilities/${r.body.created[0]}`).set(auth(c.university));
    expect(cap.body).toMatchObject({ title: 'Low-temperature electrolyte', trl: 6, kind: 'achievement' });
  });

  it('refuses a file with a bad row whole, naming each row and column, and writes nothing; a dry run only checks', async () => {
    const before = (await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total;
    const csv =
      '标题,描述,领域,截止日期\n好的一行,一段足够长的需求描述文字,hitech:0207,\n,没有标题的一行,hitech:0207,\n第三行,描述文字,nope:1,2020-01-01\n';
    const r = await post('/imports/needs', c.enterpriseB, csv);
    expect(r.status).toBe(400);
    const cells = (r.body.errors as Array<{ row: number; column: string }>).map((e) => `${e.row}:${e.column}`);
    expect(cells).toEqual(expect.arrayContaining(['3:标题', '4:领域', '4:截止日期']));
    expect(cells.some((x) => x.startsWith('2:'))).toBe(false);
    expect((await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total).toBe(before);

    const good = '标题,描述\n只检查不写入,一段足够长的需求描述文字\n';
    const dry = await t
      .http()
      .post('/api/v1/imports/needs?dryRun=true')
      .set(auth(c.enterpriseB))
      .set('content-type', 'text/csv')
      .send(good);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 1, created: [] });
    expect((await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total).toBe(before);
  });

  it('lets a coordinator import for organisations named in the 组织 column, naming an unknown one', async () => {
    const ok = await post(
      '/imports/capabilities',
      c.coordinator,
      '标题,描述,组织\n寒地秸秆还田机具,东北黑土地秸秆还田与保护性耕作机具,示例理工大学\n',
    );
    expect(ok.status).toBe(201);
    const cap = await t.http().get(`/api/v1/capabilities/${ok.body.created[0]}`).set(auth(c.coordinator));
    expect(cap.body).toMatchObject({ organizationId: c.ids.uni, district: '南岗' });
    const bad = await post(
      '/imports/capabilities',
      c.coordinator,
      '标题,描述,组织\n一项成果,一段足够长的描述文字,不存在的大学\n',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ row: 2, column: '组织' })]);
  });

  it('reads commas as the separator even when cells hold semicolons, and refuses a broken quote', async () => {
    const ok = await post(
      '/imports/needs',
      c.enterpriseB,
      '标题,描述,关键词\n分号关键词的需求,一段足够长的需求描述文字,大豆;收获;农机\n',
    );
    expect(ok.status).toBe(201);
    const need = await t.http().get(`/api/v1/needs/${ok.body.created[0]}`).set(auth(c.enterpriseB));
    expect(need.body.keywords).toEqual(['大豆', '收获', '农机']);
    const broken = await post('/imports/needs', c.enterpriseB, '标题,描述\n"引号没有闭合,描述\n第二行,描述\n');
    expect(broken.status).toBe(400);
    const extra = await post('/imports/needs', c.enterpriseB, '标题,描述\n一行,描述,多出来的格\n');
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0]).toMatchObject({ row: 2 });
  });

  it('names an unknown column in the header row', async () => {
    const r = await post('/imports/needs', c.enterpriseB, '标题,颜色\n一行,红\n');
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ row: 1, column: '颜色' })]);
  });

  it('exports what the lists show as CSV with a BOM, which reads back as the same rows', async () => {
    const r = await t.http().get('/api/v1/exports/needs').set(auth(c.enterpriseA)).buffer(true);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const body = Buffer.from(r.text, 'utf8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text).toContain('寒地大豆机械化收获损失');
    const lines = r.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].startsWith('标题 title,描述 description')).toBe(true);
    // Round trip: the exported file, as it is (UTF-8 with BOM) and converted to GBK, imports again for another
    // enterprise with the same content.
    for (const bytes of [body, gb18030(r.text.replace(/^\uFEFF/, ''))]) {
      const again = await post('/imports/needs', c.enterpriseB, bytes);
      expect(again.status).toBe(201);
      // The list (and so the export) holds every public need; find the copy of the first one imported above.
      const copies = await Promise.all(
        (again.body.created as string[]).map(
          async (id) => (await t.http().get(`/api/v1/needs/${id}`).set(auth(c.enterpriseB))).body,
        ),
      );
      const copy = { body: copies.find((n: { title: string }) => n.title === '寒地大豆机械化收获损失') };
      expect(copy.body).toMatchObject({
        title: '寒地大豆机械化收获损失',
        keywords: ['大豆', '收获', '农机'],
        cooperationModes: ['license', 'joint_development'],
        budget: { min: 100000, max: 500000 },
      });
    }
    const matches = await t.http().get('/api/v1/exports/matches').set(auth(c.enterpriseA));
    expect(matches.status).toBe(403);
    expect((await t.http().get('/api/v1/exports/matches').set(auth(c.coordinator))).status).toBe(200);
  });

  describe('reading the file', () => {
    let port: number;
    beforeAll(async () => {
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      port = (server.address() as AddressInfo).port;
    });

    const unfinished = (path: string, headers: Record<string, string>, first: Buffer) =>
      unfinishedRequest(port, path, headers, first);
    const TEN_MB = 10 * 1024 * 1024;
    const rows = (n: number) =>
      '标题,描述\n' + Array.from({ length: n }, (_, i) => `第${i + 1}个需求,描述文字\n`).join('');

    it('answers 401 to an import without a valid token before reading its body', async () => {
      for (const authorization of [undefined, 'Bearer not-a-token']) {
        const r = await unfinished(
          '/api/v1/imports/needs',
          { 'content-type': 'text/csv', 'content-length': String(TEN_MB), ...(authorization ? { authorization } : {}) },
          Buffer.alloc(64 * 1024, 0x61),
        );
        expect(r.status).toBe(401);
        expect(r.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(r.connection).toBe('close');
      }
    });

    it('answers 413 to a file declared over 10 MB before reading it, and stops a chunked one at 10 MB', async () => {
      const declared = await unfinished(
        '/api/v1/imports/needs',
        { ...auth(c.enterpriseB), 'content-type': 'text/csv', 'content-length': String(TEN_MB + 1) },
        Buffer.from('标题,描述\n'),
      );
      expect(declared.status).toBe(413);
      expect(declared.body.message).toMatch(/10 MB/);
      // One quoted cell that never ends: no row is complete before the limit.
      const chunked = await unfinished(
        '/api/v1/imports/capabilities',
        { ...auth(c.university), 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
        Buffer.concat([Buffer.from('标题,描述\n"'), Buffer.alloc(TEN_MB + 1024, 0x61)]),
      );
      expect(chunked.status).toBe(413);
    });

    it('refuses a file of more than 1,000 rows at row 1,001 without reading the rest, and writes nothing', async () => {
      const before = (await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total;
      // 1,500 rows sent of a body that claims 10 MB: the answer comes while the rest is still owed.
      const r = await unfinished(
        '/api/v1/imports/needs',
        { ...auth(c.enterpriseB), 'content-type': 'text/csv', 'content-length': String(TEN_MB) },
        Buffer.from(rows(1500)),
      );
      expect(r.status).toBe(400);
      // Data row 1,001 is spreadsheet row 1,002 (the header is row 1).
      expect(r.body.errors).toEqual([
        { row: 1002, column: '', message: expect.stringMatching(/1000 data rows.*row 1002 is data row 1001/) },
      ]);
      expect((await t.http().get('/api/v1/needs?mine=true').set(auth(c.enterpriseB))).body.total).toBe(before);
      const exactly = await t
        .http()
        .post('/api/v1/imports/needs?dryRun=true')
        .set(auth(c.enterpriseB))
        .set('content-type', 'text/csv')
        .send(rows(1000));
      expect(exactly.status).toBe(201);
      expect(exactly.body).toMatchObject({ dryRun: true, rows: 1000 });
    });

    it('answers 415 to a body that is not CSV, naming the content types it takes', async () => {
      const r = await t.http().post('/api/v1/imports/needs').set(auth(c.enterpriseB)).send({ title: 'json' });
      expect(r.status).toBe(415);
      expect(r.body.message).toMatch(/text\/csv.*application\/json/);
      expect(r.body.details[0].field).toBe('content-type');
    });
  });

  describe('exports of more rows than a page', () => {
    let db: DataSource;
    beforeAll(async () => {
      db = t.app.get<DataSource>(getDataSourceToken());
      const batch = async (token: string, items: object[]) => {
        const r = await t.http().post('/api/v1/needs/batch').set(auth(token)).send({ items });
        expect(r.status).toBe(201);
        return r.body.items as Array<{ id: string }>;
      };
      await batch(
        c.enterpriseA,
        Array.from({ length: 430 }, (_, i) =>
          needBody({ title: `公开需求 ${i}`, description: `第${i}个，含逗号,引号"与换行\n` }),
        ),
      );
      // Restricted needs of another enterprise: in its own export and a coordinator's, never in enterprise A's.
      await batch(
        c.enterpriseB,
        Array.from({ length: 40 }, (_, i) => needBody({ title: `定向需求 ${i}`, visibility: 'restricted' })),
      );
      // Several needs created in the same microsecond: the cursor must still neither skip nor repeat any.
      await db.query(`UPDATE needs SET created_at = '2026-11-20T08:00:00.123456Z' WHERE title LIKE '公开需求 1__'`);
      const cap = await t.http().post('/api/v1/capabilities').set(auth(c.university)).send(capabilityBody());
      await db.query(
        `INSERT INTO matches (need_id, capability_id, score, rank, status, explanation, algorithm_version, created_at)
         SELECT n.id, $1, 0.5, 1, 'suggested', '{}', 'test', date_trunc('hour', n.created_at) FROM needs n
         ON CONFLICT DO NOTHING`,
        [cap.body.id],
      );
    });

    const download = async (path: string, token: string) => {
      const r = await t.http().get(`/api/v1/exports/${path}`).set(auth(token)).buffer(true);
      expect(r.status).toBe(200);
      // Sent as it is read: no length known in advance.
      expect(r.headers['transfer-encoding']).toBe('chunked');
      expect(r.headers['content-type']).toMatch(/text\/csv/);
      expect(r.text.charCodeAt(0)).toBe(0xfeff);
      const parsed = Papa.parse<string[]>(r.text.slice(1), { skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      const [header, ...data] = parsed.data;
      const id = header.indexOf('ID');
      return { header, data, ids: data.map((row) => row[id]) };
    };

    /** Every id a list shows the caller, page by page, in its order. */
    const listed = async (path: string, token: string) => {
      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const r = await t.http().get(`/api/v1/${path}?page=${page}&pageSize=100`).set(auth(token));
        ids.push(...(r.body.items as Array<{ id: string }>).map((x) => x.id));
        if (r.body.items.length < 100) return ids;
      }
    };

    it('holds every need the list shows, in its order, well-formed, and no hidden one', async () => {
      for (const token of [c.enterpriseA, c.enterpriseB, c.coordinator]) {
        const file = await download('needs', token);
        const ids = await listed('needs', token);
        expect(ids.length).toBeGreaterThan(400);
        expect(file.ids).toEqual(ids);
        expect(new Set(file.ids).size).toBe(file.ids.length);
        expect(file.data.every((row) => row.length === file.header.length)).toBe(true);
      }
      const a = await download('needs', c.enterpriseA);
      expect(a.data.some((row) => row[0].startsWith('定向需求'))).toBe(false);
      expect(a.data.find((row) => row[0] === '公开需求 7')?.[1]).toBe('第7个，含逗号,引号"与换行');
    });

    it('ends the download as failed, not as a complete file, when reading fails after the first byte', async () => {
      // The second page fails, as a query would if PostgreSQL went away mid-download.
      const repo = t.app.get(NeedsRepository);
      const real = repo.pageAfter.bind(repo);
      let pages = 0;
      repo.pageAfter = (...args) =>
        ++pages === 2 ? Promise.reject(new Error('PostgreSQL went away between two pages')) : real(...args);
      try {
        const server = t.app.getHttpServer() as Server;
        if (!server.listening) await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
        const { port } = server.address() as AddressInfo;
        const got = await new Promise<{ status: number; bytes: number; ended: boolean; aborted: boolean }>((ok) => {
          httpRequest(
            { host: '127.0.0.1', port, path: '/api/v1/exports/needs', headers: auth(c.coordinator) },
            (res) => {
              let bytes = 0;
              let ended = false;
              res.on('data', (d: Buffer) => (bytes += d.length));
              res.on('end', () => (ended = true));
              res.on('close', () => ok({ status: res.statusCode!, bytes, ended, aborted: !res.complete }));
            },
          )
            .on('error', () => undefined)
            .end();
        });
        // The head and the first page went out; the response was then cut, so no client takes it for the whole file.
        expect(got.status).toBe(200);
        expect(got.bytes).toBeGreaterThan(1000);
        expect(got.aborted).toBe(true);
      } finally {
        repo.pageAfter = real;
      }
      expect((await t.http().get('/api/v1/exports/needs').set(auth(c.coordinator))).status).toBe(200);
    });

    it('holds every capability and every match', async () => {
      expect((await download('capabilities', c.university)).ids).toEqual(await listed('capabilities', c.university));
      const matches = await download('matches', c.coordinator);
      const [{ n }] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM matches`);
      expect(n).toBeGreaterThan(400);
      expect(matches.ids).toHaveLength(n);
      expect(new Set(matches.ids).size).toBe(n);
    });
  });

  it('limits how often one user exports or imports (429 with Retry-After), without touching other users', async () => {
    const t2 = await createTestApp();
    try {
      const c2 = await createCast(t2);
      const exports: number[] = [];
      for (let i = 0; i < 31; i++) {
        exports.push((await t2.http().get('/api/v1/exports/capabilities').set(auth(c2.university))).status);
      }
      expect(exports.slice(0, 30).every((s) => s === 200)).toBe(true);
      const refused = await t2.http().get('/api/v1/exports/needs').set(auth(c2.university));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.message).toMatch(/导出过于频繁.*too many exports/);
      expect((await t2.http().get('/api/v1/exports/needs').set(auth(c2.enterpriseA))).status).toBe(200);
      const dry = () =>
        t2
          .http()
          .post('/api/v1/imports/needs?dryRun=true')
          .set(auth(c2.enterpriseA))
          .set('content-type', 'text/csv')
          .send('标题,描述\n低温电池,冬季容量衰减\n');
      for (let i = 0; i < 30; i++) expect((await dry()).status).toBe(201);
      expect((await dry()).status).toBe(429);
    } finally {
      await t2.close();
    }
  });
});
