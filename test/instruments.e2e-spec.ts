import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { MaintenanceJobsService } from '../src/jobs/maintenance-jobs.service.js';
import { createCast, createOrganization, createUser, login, type Cast } from './factories/cast.js';
import {
  createEquipmentCapability,
  createInstrument,
  createServiceCapability,
  createTestingOrder,
  harbinDay,
  instrumentBody,
  moveBooking,
  moveOrder,
  OPEN_ALL_WEEK,
  requestBooking,
  shiftBooking,
  slot,
} from './factories/instruments.js';
import { createTestApp, type TestApp } from './setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const pdf = (size = 3000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x42)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('shared instruments, bookings, testing orders and service records', () => {
  let t: TestApp;
  let c: Cast;
  let db: DataSource;
  /** An hourly instrument of the university (400 yuan/hour, open 08-12 and 13-18 every day, 24 h notice). */
  let instrumentId: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENTS_DIR: dir, BOOKING_CANCEL_CUTOFF_HOURS: '24' });
    c = await createCast(t);
    db = t.app.get(DataSource);
    instrumentId = await createInstrument(t, c.university);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const events = (subjectId: string) =>
    db.query<Array<{ kind: string; from_status: string | null; to_status: string | null; actor_id: string | null }>>(
      `SELECT kind, from_status, to_status, actor_id FROM instrument_events WHERE subject_id = $1 ORDER BY id`,
      [subjectId],
    );
  const inbox = (email: string) =>
    db.query<Array<{ type: string; title: string; body: string }>>(
      `SELECT e.type, e.title, e.body FROM notifications n JOIN notification_events e ON e.id = n.event_id
         JOIN users u ON u.id = n.user_id WHERE u.email = $1 ORDER BY n.created_at, e.id`,
      [email],
    );
  const fieldsOf = (body: { details?: Array<{ field: string }> }) => [
    ...new Set((body.details ?? []).map((d) => d.field)),
  ];

  describe('instruments', () => {
    it('are added to equipment capabilities only, by their organisation, with valid opening hours', async () => {
      const service = await createServiceCapability(t, c.university);
      let r = await t
        .http()
        .post(`/api/v1/capabilities/${service}/instruments`)
        .set(auth(c.university))
        .send(instrumentBody());
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(['capabilityId']);

      const equipment = await createEquipmentCapability(t, c.university);
      r = await t
        .http()
        .post(`/api/v1/capabilities/${equipment}/instruments`)
        .set(auth(c.enterpriseA))
        .send(instrumentBody());
      expect(r.status).toBe(403);

      r = await t
        .http()
        .post(`/api/v1/capabilities/${equipment}/instruments`)
        .set(auth(c.university))
        .send(
          instrumentBody({
            openingHours: [
              { weekday: 1, from: '08:15', to: '12:00' },
              { weekday: 2, from: '08:00', to: '12:00' },
              { weekday: 2, from: '11:00', to: '14:00' },
              { weekday: 8, from: '08:00', to: '09:00' },
              { weekday: 3, from: '10:00', to: '09:00' },
            ],
            priceYuan: -1,
            mode: 'remote',
          }),
        );
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['priceYuan', 'mode']));
      r = await t
        .http()
        .post(`/api/v1/capabilities/${equipment}/instruments`)
        .set(auth(c.university))
        .send(
          instrumentBody({
            openingHours: [
              { weekday: 1, from: '08:15', to: '12:00' },
              { weekday: 2, from: '08:00', to: '12:00' },
              { weekday: 2, from: '11:00', to: '14:00' },
              { weekday: 8, from: '08:00', to: '09:00' },
              { weekday: 3, from: '10:00', to: '09:00' },
            ],
          }),
        );
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body).sort()).toEqual(
        ['openingHours[0].from', 'openingHours[2]', 'openingHours[3].weekday', 'openingHours[4].to'].sort(),
      );
      expect(await db.query(`SELECT 1 FROM instruments WHERE capability_id = $1`, [equipment])).toHaveLength(0);

      r = await t
        .http()
        .post(`/api/v1/capabilities/${equipment}/instruments`)
        .set(auth(c.university))
        .send(instrumentBody({ name: '  X射线衍射仪  ', mode: 'self_service' }));
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        name: 'X射线衍射仪',
        mode: 'self_service',
        district: '南岗',
        organizationName: '示例理工大学',
        mayEdit: true,
        mayBook: false,
      });
      const seen = await t.http().get(`/api/v1/instruments/${r.body.id}`).set(auth(c.enterpriseA));
      expect(seen.body).toMatchObject({ mayEdit: false, mayBook: true });
    });

    it('are edited by their organisation; inactive ones are hidden from others (404) and from the list', async () => {
      const id = await createInstrument(t, c.university, { name: '原子力显微镜' });
      let r = await t.http().patch(`/api/v1/instruments/${id}`).set(auth(c.enterpriseA)).send({ priceYuan: 1 });
      expect(r.status).toBe(403);
      r = await t
        .http()
        .patch(`/api/v1/instruments/${id}`)
        .set(auth(c.university))
        .send({ active: false, priceYuan: 500 });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ active: false, priceYuan: 500 });
      expect((await t.http().get(`/api/v1/instruments/${id}`).set(auth(c.enterpriseA))).status).toBe(404);
      const list = await t.http().get('/api/v1/instruments?q=原子力').set(auth(c.enterpriseA));
      expect(list.body.total).toBe(0);
      const mine = await t.http().get('/api/v1/instruments?mine=true&q=原子力').set(auth(c.university));
      expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
      expect((await t.http().get(`/api/v1/instruments/${id}`).set(auth(c.coordinator))).status).toBe(200);
      expect((await events(id)).map((e) => e.kind)).toEqual(['created', 'edit']);
    });
  });

  describe('booking requests', () => {
    it('refuse periods outside the rules with 400 naming the field, and write nothing', async () => {
      const blackout = harbinDay(9);
      const strict = await createInstrument(t, c.university, {
        name: '三坐标测量机',
        blackoutDates: [blackout],
        minNoticeHours: 72,
      });
      const sample = await createInstrument(t, c.university, {
        name: '电感耦合等离子体光谱仪',
        unit: 'sample',
        priceYuan: 120,
      });
      const cases: Array<[string, Record<string, unknown>, string]> = [
        [strict, { ...slot(5, '11:00', '13:30') }, 'from'], // across the lunch break
        [strict, { ...slot(5, '06:00', '08:00') }, 'from'], // before opening
        [strict, { ...slot(5, '09:15', '10:00') }, 'from'], // not on :00/:30
        [strict, { ...slot(5, '09:00', '10:10') }, 'to'],
        [strict, { ...slot(5, '10:00', '09:00') }, 'to'],
        [strict, { ...slot(9, '09:00', '10:00') }, 'from'], // blackout
        [strict, { ...slot(2, '09:00', '10:00') }, 'from'], // under 72 h notice
        [strict, { ...slot(95, '09:00', '10:00') }, 'from'], // beyond 90 days
        [strict, { from: `${harbinDay(5)}T09:00:00`, to: `${harbinDay(5)}T10:00:00+08:00` }, 'from'], // no offset
        [strict, { ...slot(5, '09:00', '10:00'), samples: 2 }, 'samples'],
        [sample, { ...slot(5, '09:00', '10:00') }, 'samples'],
        [strict, { ...slot(5, '09:00', '10:00'), purpose: '' }, 'purpose'],
      ];
      for (const [id, body, field] of cases) {
        const r = await t
          .http()
          .post(`/api/v1/instruments/${id}/bookings`)
          .set(auth(c.enterpriseA))
          .send({ purpose: '检测', ...body });
        expect([r.status, fieldsOf(r.body), JSON.stringify(body)]).toEqual([400, [field], JSON.stringify(body)]);
        expect(r.body.message).toMatch(/\//);
      }
      const ok = await t
        .http()
        .post(`/api/v1/instruments/${sample}/bookings`)
        .set(auth(c.enterpriseA))
        .send({ ...slot(5, '09:00', '10:00'), samples: 3, purpose: '金属元素含量' });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ status: 'requested', amountYuan: 360, samples: 3 });
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM instrument_bookings WHERE instrument_id = $1`, [strict]))[0].n,
      ).toBe(0);
    });

    it('are for enterprises only, and charge per hour rounded half up to the yuan', async () => {
      let r = await t
        .http()
        .post(`/api/v1/instruments/${instrumentId}/bookings`)
        .set(auth(c.institute))
        .send({ ...slot(6, '09:00', '10:00'), purpose: '测试' });
      expect(r.status).toBe(403);
      // 333 yuan/hour × 1.5 h = 499.5 → 500.
      const odd = await createInstrument(t, c.university, { name: '激光共聚焦显微镜', priceYuan: 333 });
      r = await t
        .http()
        .post(`/api/v1/instruments/${odd}/bookings`)
        .set(auth(c.enterpriseA))
        .send({ ...slot(6, '09:00', '10:30'), purpose: '细胞成像' });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        amountYuan: 500,
        from: `${harbinDay(6)}T09:00:00+08:00`,
        to: `${harbinDay(6)}T10:30:00+08:00`,
        providerName: '示例理工大学',
        enterpriseName: '示例甲科技有限公司',
        allowedTransitions: ['cancelled'],
      });
      expect((await inbox('u@example.org')).map((n) => n.type)).toContain('booking.requested');
      // The same enterprise may not hold two overlapping requests; another enterprise may.
      r = await t
        .http()
        .post(`/api/v1/instruments/${odd}/bookings`)
        .set(auth(c.enterpriseA))
        .send({ ...slot(6, '10:00', '11:00'), purpose: '细胞成像' });
      expect(r.status).toBe(409);
      r = await t
        .http()
        .post(`/api/v1/instruments/${odd}/bookings`)
        .set(auth(c.enterpriseB))
        .send({ ...slot(6, '10:00', '11:00'), purpose: '组织切片' });
      expect(r.status).toBe(201);
    });
  });

  describe('confirmation under concurrency', () => {
    it('confirms exactly one of many overlapping requests confirmed in parallel; PostgreSQL refuses the rest', async () => {
      const id = await createInstrument(t, c.university, { name: '高分辨透射电镜' });
      const admin = c.admin;
      const tokens: string[] = [c.enterpriseA, c.enterpriseB];
      for (let k = 0; k < 4; k++) {
        const org = await createOrganization(t, admin, {
          kind: 'enterprise',
          name: `示例并发企业${k}`,
          district: '道里',
        });
        await createUser(t, admin, { email: `conc${k}@example.org`, role: 'member', organizationId: org });
        tokens.push(await login(t, `conc${k}@example.org`));
      }
      // Every two of these overlap (all hold 10:00-10:30): at most one can ever be confirmed.
      const periods = [
        slot(7, '09:00', '11:00'),
        slot(7, '10:00', '12:00'),
        slot(7, '09:30', '10:30'),
        slot(7, '08:00', '10:30'),
        slot(7, '10:00', '11:30'),
        slot(7, '09:00', '12:00'),
      ];
      const ids = await Promise.all(tokens.map((tok, k) => requestBooking(t, tok, id, periods[k])));
      const results = await Promise.all(ids.map((b) => moveBooking(t, c.university, b, 'confirmed')));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) {
        expect(r.body.message).toMatch(/^该时段已被其他预约占用（.+）\/ the slot overlaps a confirmed booking \(/);
      }
      const rows = await db.query<Array<{ status: string }>>(
        `SELECT status FROM instrument_bookings WHERE instrument_id = $1`,
        [id],
      );
      expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(1);
      expect(rows.filter((r) => r.status === 'requested')).toHaveLength(5);

      // The database itself refuses an overlapping confirmed row, by INSERT or by UPDATE.
      const confirmed = (
        await db.query<Array<{ id: string; enterprise_organization_id: string }>>(
          `SELECT id, enterprise_organization_id FROM instrument_bookings WHERE instrument_id = $1 AND status = 'confirmed'`,
          [id],
        )
      )[0];
      await expect(
        db.query(
          `INSERT INTO instrument_bookings (instrument_id, enterprise_organization_id, period, purpose, amount_yuan, status)
           SELECT instrument_id, enterprise_organization_id, period, 'sql', 0, 'confirmed' FROM instrument_bookings WHERE id = $1`,
          [confirmed.id],
        ),
      ).rejects.toMatchObject({ code: '23P01' });
      await expect(
        db.query(
          `UPDATE instrument_bookings SET status = 'confirmed' WHERE instrument_id = $1 AND status = 'requested'`,
          [id],
        ),
      ).rejects.toMatchObject({ code: '23P01' });
      // A request for a slot that is already confirmed is refused at once.
      const winner = ids.indexOf(confirmed.id);
      const again = await t
        .http()
        .post(`/api/v1/instruments/${id}/bookings`)
        .set(auth(tokens[winner]))
        .send({ ...periods[winner], purpose: '补测' });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/^该时段已被其他预约占用/);
    });
  });

  describe('the week calendar', () => {
    it('shows windows, blackout, taken and free intervals, and who booked only to those who may know', async () => {
      const monday = (() => {
        // The Monday of the Harbin week two weeks from now.
        const d = harbinDay(14);
        const wd = new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
        return new Date(Date.parse(`${d}T00:00:00Z`) - (wd - 1) * 86_400_000).toISOString().slice(0, 10);
      })();
      const days = (Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${harbinDay(0)}T00:00:00Z`)) / 86_400_000;
      const tuesday = new Date(Date.parse(`${monday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const id = await createInstrument(t, c.university, { name: '核磁共振波谱仪', blackoutDates: [tuesday] });
      const a = await requestBooking(t, c.enterpriseA, id, slot(days, '09:00', '10:30'));
      expect((await moveBooking(t, c.university, a, 'confirmed')).status).toBe(200);
      await requestBooking(t, c.enterpriseB, id, slot(days, '14:00', '15:00'));

      const asB = await t.http().get(`/api/v1/instruments/${id}/calendar?week=${monday}`).set(auth(c.enterpriseB));
      expect(asB.status).toBe(200);
      expect(asB.body.days).toHaveLength(7);
      const mon = asB.body.days[0];
      expect(mon).toMatchObject({
        date: monday,
        weekday: 1,
        blackout: false,
        windows: [
          { from: `${monday}T08:00:00+08:00`, to: `${monday}T12:00:00+08:00` },
          { from: `${monday}T13:00:00+08:00`, to: `${monday}T18:00:00+08:00` },
        ],
        taken: [{ from: `${monday}T09:00:00+08:00`, to: `${monday}T10:30:00+08:00`, status: 'confirmed', mine: false }],
        requested: [{ from: `${monday}T14:00:00+08:00`, status: 'requested', mine: true }],
        free: [
          { from: `${monday}T08:00:00+08:00`, to: `${monday}T09:00:00+08:00` },
          { from: `${monday}T10:30:00+08:00`, to: `${monday}T12:00:00+08:00` },
          { from: `${monday}T13:00:00+08:00`, to: `${monday}T18:00:00+08:00` },
        ],
      });
      expect(mon.taken[0].enterpriseName).toBeUndefined();
      expect(mon.taken[0].bookingId).toBeUndefined();
      expect(asB.body.days[1]).toMatchObject({ date: tuesday, blackout: true, windows: [], free: [] });

      const asA = await t.http().get(`/api/v1/instruments/${id}/calendar?week=${monday}`).set(auth(c.enterpriseA));
      expect(asA.body.days[0].taken[0]).toMatchObject({
        mine: true,
        bookingId: a,
        enterpriseName: '示例甲科技有限公司',
      });
      expect(asA.body.days[0].requested).toEqual([]);
      const asProvider = await t
        .http()
        .get(`/api/v1/instruments/${id}/calendar?week=${monday}`)
        .set(auth(c.university));
      expect(asProvider.body.days[0].taken[0]).toMatchObject({ bookingId: a, enterpriseName: '示例甲科技有限公司' });

      const notMonday = await t
        .http()
        .get(`/api/v1/instruments/${id}/calendar?week=${tuesday}`)
        .set(auth(c.enterpriseB));
      expect([notMonday.status, fieldsOf(notMonday.body)]).toEqual([400, ['week']]);
      const defaultWeek = await t.http().get(`/api/v1/instruments/${id}/calendar`).set(auth(c.enterpriseB));
      expect(defaultWeek.body.days[0].weekday).toBe(1);
    });
  });

  describe('booking steps', () => {
    it('cancel within the rules: the enterprise until the cut-off, the provider with a reason', async () => {
      const id = await createInstrument(t, c.university, { name: '差示扫描量热仪' });
      const early = await requestBooking(t, c.enterpriseA, id, slot(10, '09:00', '10:00'));
      expect((await moveBooking(t, c.university, early, 'confirmed')).status).toBe(200);
      const ok = await moveBooking(t, c.enterpriseA, early, 'cancelled');
      expect([ok.status, ok.body.status]).toEqual([200, 'cancelled']);

      const late = await requestBooking(t, c.enterpriseA, id, slot(10, '13:00', '14:00'));
      expect((await moveBooking(t, c.university, late, 'confirmed')).status).toBe(200);
      // Now it starts in two hours: within the 24-hour cut-off.
      await db.query(
        `UPDATE instrument_bookings SET period = tstzrange(now() + interval '2 hours', now() + interval '3 hours', '[)')
          WHERE id = $1`,
        [late],
      );
      const refused = await moveBooking(t, c.enterpriseA, late, 'cancelled');
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/取消截止时间.*24 小时.*\/ too late to cancel/);
      expect(refused.body.details.cancelBefore).toMatch(/\+08:00$/);

      const noReason = await moveBooking(t, c.university, late, 'cancelled');
      expect([noReason.status, fieldsOf(noReason.body)]).toEqual([400, ['reason']]);
      const byProvider = await moveBooking(t, c.university, late, 'cancelled', { reason: '仪器故障维修' });
      expect([byProvider.status, byProvider.body.status, byProvider.body.reason]).toEqual([
        200,
        'cancelled',
        '仪器故障维修',
      ]);
      const told = await inbox('a@example.org');
      expect(told.find((n) => n.type === 'booking.cancelled' && n.body.includes('仪器故障维修'))).toBeDefined();
      expect((await events(late)).map((e) => [e.from_status, e.to_status])).toEqual([
        [null, 'requested'],
        ['requested', 'confirmed'],
        ['confirmed', 'cancelled'],
      ]);
    });

    it('refuse illegal steps with 409 and the allowed ones, the wrong side with 403, outsiders with 404', async () => {
      const b = await requestBooking(t, c.enterpriseA, instrumentId, slot(11, '09:00', '10:00'));
      expect((await moveBooking(t, c.enterpriseA, b, 'confirmed')).status).toBe(403);
      expect((await t.http().get(`/api/v1/bookings/${b}`).set(auth(c.enterpriseB))).status).toBe(404);
      expect((await moveBooking(t, c.enterpriseB, b, 'cancelled')).status).toBe(404);
      expect((await t.http().get(`/api/v1/bookings/${b}`).set(auth(c.institute))).status).toBe(404);
      expect((await moveBooking(t, c.university, b, 'declined')).status).toBe(400);
      const declined = await moveBooking(t, c.university, b, 'declined', { reason: '该时段安排校内实验' });
      expect(declined.body).toMatchObject({ status: 'declined', allowedTransitions: [] });
      const again = await moveBooking(t, c.university, b, 'confirmed');
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/^不能从 “已拒绝 \/ declined” 转到 “已确认 \/ confirmed”/);
      expect(again.body.details).toEqual({ currentStatus: 'declined', allowed: [] });
      const bad = await moveBooking(t, c.university, b, 'approved');
      expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ['to']]);

      const mine = await t.http().get('/api/v1/bookings?role=enterprise&status=declined').set(auth(c.enterpriseA));
      expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(b);
      const theirs = await t.http().get('/api/v1/bookings').set(auth(c.enterpriseB));
      expect(theirs.body.items.map((x: { id: string }) => x.id)).not.toContain(b);
    });

    it('complete after the start with the actual minutes, creating one service record', async () => {
      const b = await requestBooking(t, c.enterpriseA, instrumentId, slot(12, '13:00', '15:00'));
      expect((await moveBooking(t, c.university, b, 'confirmed')).body.amountYuan).toBe(800);
      const early = await moveBooking(t, c.university, b, 'completed');
      expect(early.status).toBe(409);
      await shiftBooking(db, b, -13 * 24);
      const tooLong = await moveBooking(t, c.university, b, 'completed', { actualMinutes: 150 });
      expect([tooLong.status, fieldsOf(tooLong.body)]).toEqual([400, ['actualMinutes']]);
      const [done, twice] = await Promise.all([
        moveBooking(t, c.university, b, 'completed', { actualMinutes: 90 }),
        moveBooking(t, c.university, b, 'completed', { actualMinutes: 90 }),
      ]);
      expect([done.status, twice.status].sort()).toEqual([200, 409]);
      const ok = done.status === 200 ? done : twice;
      expect(ok.body).toMatchObject({ status: 'completed', amountYuan: 600, actualMinutes: 90 });
      const records = await db.query<Array<{ id: string; amount_yuan: number; quantity: string; unit: string }>>(
        `SELECT id, amount_yuan, quantity, unit FROM service_records WHERE booking_id = $1`,
        [b],
      );
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ amount_yuan: 600, quantity: '1.50', unit: 'hour' });
      expect(ok.body.serviceRecordId).toBe(records[0].id);
      const rec = await t.http().get(`/api/v1/service-records/${records[0].id}`).set(auth(c.enterpriseA));
      expect(rec.body).toMatchObject({
        source: 'booking',
        capabilityKind: 'equipment',
        quantity: 1.5,
        amountYuan: 600,
        paidAt: null,
        viewerRole: 'enterprise',
        mayRate: true,
        mayRecordPayment: false,
      });
      expect((await inbox('a@example.org')).map((n) => n.type)).toContain('booking.completed');
    });

    it('expire requested bookings whose start passed unconfirmed (the worker’s hourly job)', async () => {
      const b = await requestBooking(t, c.enterpriseB, instrumentId, slot(13, '09:00', '10:00'));
      const kept = await requestBooking(t, c.enterpriseB, instrumentId, slot(13, '10:00', '11:00'));
      await shiftBooking(db, b, -14 * 24);
      const worker = await t.startWorker();
      const job = worker.get(MaintenanceJobsService).get('instruments.expire-bookings');
      expect(job?.schedule).toEqual({ everyMs: 3_600_000 });
      expect(await job!.handler({})).toEqual({ expired: 1 });
      const expired = await t.http().get(`/api/v1/bookings/${b}`).set(auth(c.enterpriseB));
      expect(expired.body).toMatchObject({
        status: 'declined',
        reason: '预约开始前未获确认，已自动失效 / expired unconfirmed',
      });
      expect((await t.http().get(`/api/v1/bookings/${kept}`).set(auth(c.enterpriseB))).body.status).toBe('requested');
      expect((await events(b)).at(-1)).toMatchObject({ kind: 'expired', to_status: 'declined', actor_id: null });
      expect((await inbox('b@example.org')).map((n) => n.type)).toContain('booking.expired');
    });
  });

  describe('testing orders', () => {
    const up = (
      token: string,
      id: string,
      body: Buffer,
      query = 'filename=检测报告-001.pdf',
      type = 'application/pdf',
    ) =>
      t
        .http()
        .put(`/api/v1/testing-orders/${id}/report?${query}`)
        .set(auth(token))
        .set('content-type', type)
        .send(body);

    it('go from request to closing with a PDF report whose checksum is verified, creating one service record', async () => {
      const cap = await createServiceCapability(t, c.institute);
      const equipment = await createEquipmentCapability(t, c.institute);
      let r = await t
        .http()
        .post(`/api/v1/capabilities/${equipment}/testing-orders`)
        .set(auth(c.enterpriseA))
        .send({ samples: '钢板', sampleCount: 1, standard: 'GB/T 228.1-2021', quantity: 1 });
      expect([r.status, fieldsOf(r.body)]).toEqual([400, ['capabilityId']]);
      r = await t
        .http()
        .post(`/api/v1/capabilities/${cap}/testing-orders`)
        .set(auth(c.enterpriseA))
        .send({ samples: '钢板', sampleCount: 0, standard: '   ', quantity: 1 });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body).sort()).toEqual(['sampleCount', 'standard']);
      r = await t
        .http()
        .post(`/api/v1/capabilities/${cap}/testing-orders`)
        .set(auth(c.university))
        .send({ samples: '钢板', sampleCount: 1, standard: 'GB/T 228.1-2021', quantity: 1 });
      expect(r.status).toBe(403);

      const id = await createTestingOrder(t, c.enterpriseA, cap);
      const created = await t.http().get(`/api/v1/testing-orders/${id}`).set(auth(c.enterpriseA));
      expect(created.body).toMatchObject({
        status: 'requested',
        standard: 'GB/T 228.1-2021',
        unitPriceYuan: null,
        amountYuan: null,
        report: null,
        viewerRole: 'enterprise',
        allowedTransitions: ['cancelled'],
      });
      expect((await t.http().get(`/api/v1/testing-orders/${id}`).set(auth(c.enterpriseB))).status).toBe(404);
      expect((await t.http().get(`/api/v1/testing-orders/${id}/report`).set(auth(c.enterpriseB))).status).toBe(404);
      expect((await inbox('i@example.org')).map((n) => n.type)).toContain('testing_order.requested');

      // Accepting needs the quote and a due date; the enterprise may not accept.
      expect(
        (await moveOrder(t, c.enterpriseA, id, 'accepted', { unitPriceYuan: 150, dueDate: harbinDay(10) })).status,
      ).toBe(403);
      r = await moveOrder(t, c.institute, id, 'accepted', { dueDate: harbinDay(10) });
      expect([r.status, fieldsOf(r.body)]).toEqual([400, ['unitPriceYuan']]);
      r = await moveOrder(t, c.institute, id, 'accepted', { unitPriceYuan: 150, dueDate: harbinDay(-2) });
      expect([r.status, fieldsOf(r.body)]).toEqual([400, ['dueDate']]);
      r = await moveOrder(t, c.institute, id, 'testing');
      expect(r.status).toBe(409);
      expect(r.body.details).toEqual({ currentStatus: 'requested', allowed: ['accepted', 'declined'] });
      r = await moveOrder(t, c.institute, id, 'accepted', { unitPriceYuan: 150, dueDate: harbinDay(10) });
      expect(r.body).toMatchObject({ status: 'accepted', unitPriceYuan: 150, amountYuan: 900, dueDate: harbinDay(10) });
      // Too early for a report.
      expect((await up(c.institute, id, pdf())).status).toBe(409);
      expect((await moveOrder(t, c.institute, id, 'samples_received')).body.status).toBe('samples_received');
      // After the samples arrived the enterprise may no longer cancel.
      expect((await moveOrder(t, c.enterpriseA, id, 'cancelled')).status).toBe(403);
      expect((await moveOrder(t, c.institute, id, 'testing')).body.status).toBe('testing');
      expect((await moveOrder(t, c.institute, id, 'report_issued')).status).toBe(400);

      // The report: a PDF only, checked against the announced checksum, by the provider only.
      expect((await up(c.institute, id, pdf(), 'filename=r.pdf', 'image/png')).status).toBe(415);
      r = await up(c.institute, id, Buffer.from('not a pdf at all'));
      expect([r.status, fieldsOf(r.body)]).toEqual([400, ['body']]);
      r = await up(c.institute, id, pdf(), `filename=r.pdf&sha256=${'0'.repeat(64)}`);
      expect([r.status, fieldsOf(r.body)]).toEqual([400, ['sha256']]);
      expect((await up(c.enterpriseA, id, pdf())).status).toBe(403);
      const file = pdf(5000);
      r = await up(c.institute, id, file, `filename=${encodeURIComponent('检测报告-001.pdf')}&sha256=${sha(file)}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        status: 'report_issued',
        report: { filename: '检测报告-001.pdf', sha256: sha(file), sizeBytes: 5000 },
      });
      expect((await up(c.institute, id, pdf())).status).toBe(409);
      const records = await db.query<Array<{ id: string }>>(
        `SELECT id FROM service_records WHERE testing_order_id = $1`,
        [id],
      );
      expect(records).toHaveLength(1);
      expect(r.body.serviceRecordId).toBe(records[0].id);
      expect((await inbox('a@example.org')).map((n) => n.type)).toContain('testing_order.report_issued');

      const dl = await t
        .http()
        .get(`/api/v1/testing-orders/${id}/report`)
        .set(auth(c.enterpriseA))
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        });
      expect(dl.status).toBe(200);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['x-checksum-sha256']).toBe(sha(file));
      expect(Buffer.compare(dl.body as Buffer, file)).toBe(0);
      // A damaged file is refused rather than served.
      const [{ report_path }] = await db.query<Array<{ report_path: string }>>(
        `SELECT report_path FROM testing_orders WHERE id = $1`,
        [id],
      );
      const { writeFileSync, readFileSync } = await import('node:fs');
      const stored = path.join(dir, report_path);
      const original = readFileSync(stored);
      writeFileSync(stored, Buffer.concat([original.subarray(0, 100), Buffer.from('X')]));
      const damaged = await t.http().get(`/api/v1/testing-orders/${id}/report`).set(auth(c.institute));
      expect(damaged.status).toBe(409);
      writeFileSync(stored, original);

      expect((await moveOrder(t, c.institute, id, 'closed')).status).toBe(403);
      r = await moveOrder(t, c.enterpriseA, id, 'closed');
      expect(r.body).toMatchObject({ status: 'closed', allowedTransitions: [] });
      expect((await events(id)).map((e) => e.to_status)).toEqual([
        'requested',
        'accepted',
        'samples_received',
        'testing',
        'report_issued',
        'closed',
      ]);
    });

    it('are cancelled by the enterprise before samples arrive, and by the provider after with a reason', async () => {
      const cap = await createServiceCapability(t, c.institute, { title: '化学成分分析' });
      const a = await createTestingOrder(t, c.enterpriseB, cap);
      expect((await moveOrder(t, c.institute, a, 'cancelled')).status).toBe(403);
      expect((await moveOrder(t, c.enterpriseB, a, 'cancelled')).body.status).toBe('cancelled');
      const b = await createTestingOrder(t, c.enterpriseB, cap);
      await moveOrder(t, c.institute, b, 'accepted', { unitPriceYuan: 80, dueDate: harbinDay(5) });
      await moveOrder(t, c.institute, b, 'samples_received');
      expect(fieldsOf((await moveOrder(t, c.institute, b, 'cancelled')).body)).toEqual(['reason']);
      const r = await moveOrder(t, c.institute, b, 'cancelled', { reason: '样品不符合检测要求' });
      expect(r.body).toMatchObject({ status: 'cancelled', reason: '样品不符合检测要求' });
      expect((await inbox('b@example.org')).find((n) => n.body.includes('样品不符合检测要求'))).toBeDefined();
    });
    it('are closed by the worker 14 days after the report when the enterprise has not acknowledged it', async () => {
      const cap = await createServiceCapability(t, c.institute, { title: '无损探伤检测' });
      const id = await createTestingOrder(t, c.enterpriseA, cap, { quantity: 2 });
      await moveOrder(t, c.institute, id, 'accepted', { unitPriceYuan: 500, dueDate: harbinDay(3) });
      await moveOrder(t, c.institute, id, 'samples_received');
      await moveOrder(t, c.institute, id, 'testing');
      expect((await up(c.institute, id, pdf())).body.status).toBe('report_issued');
      const fresh = await createTestingOrder(t, c.enterpriseA, cap);
      await moveOrder(t, c.institute, fresh, 'accepted', { unitPriceYuan: 500, dueDate: harbinDay(3) });
      await moveOrder(t, c.institute, fresh, 'samples_received');
      await moveOrder(t, c.institute, fresh, 'testing');
      expect((await up(c.institute, fresh, pdf())).body.status).toBe('report_issued');
      await db.query(`UPDATE testing_orders SET report_issued_at = now() - interval '15 days' WHERE id = $1`, [id]);
      const worker = await t.startWorker();
      const job = worker.get(MaintenanceJobsService).get('instruments.close-reported-orders');
      expect(await job!.handler({})).toEqual({ closed: 1 });
      expect((await t.http().get(`/api/v1/testing-orders/${id}`).set(auth(c.enterpriseA))).body.status).toBe('closed');
      expect((await t.http().get(`/api/v1/testing-orders/${fresh}`).set(auth(c.enterpriseA))).body.status).toBe(
        'report_issued',
      );
      expect((await events(id)).at(-1)).toMatchObject({ kind: 'auto_closed', to_status: 'closed', actor_id: null });
      const record = await db.query<Array<{ amount_yuan: number }>>(
        `SELECT amount_yuan FROM service_records WHERE testing_order_id = $1`,
        [id],
      );
      expect(record).toEqual([{ amount_yuan: 1000 }]);
    });
  });

  describe('service records', () => {
    it('are marked paid once by the provider and rated once by the enterprise; outsiders see nothing', async () => {
      const b = await requestBooking(t, c.enterpriseB, instrumentId, slot(15, '08:00', '09:00'));
      await moveBooking(t, c.university, b, 'confirmed');
      await shiftBooking(db, b, -16 * 24);
      const done = await moveBooking(t, c.university, b, 'completed');
      const id = done.body.serviceRecordId as string;
      expect(id).toBeTruthy();

      expect((await t.http().get(`/api/v1/service-records/${id}`).set(auth(c.enterpriseA))).status).toBe(404);
      const pay = (token: string, body: Record<string, unknown>) =>
        t.http().post(`/api/v1/service-records/${id}/payment`).set(auth(token)).send(body);
      const rate = (token: string, body: Record<string, unknown>) =>
        t.http().post(`/api/v1/service-records/${id}/rating`).set(auth(token)).send(body);
      expect((await pay(c.enterpriseA, { invoiceNo: 'X' })).status).toBe(404);
      expect((await pay(c.enterpriseB, { invoiceNo: 'X' })).status).toBe(403);
      expect(fieldsOf((await pay(c.university, {})).body)).toEqual(['invoiceNo']);
      expect(
        fieldsOf((await pay(c.university, { invoiceNo: 'A1', paidAt: '2099-01-01T00:00:00+08:00' })).body),
      ).toEqual(['paidAt']);
      const [p1, p2] = await Promise.all([
        pay(c.university, { invoiceNo: '04400210011112345678' }),
        pay(c.university, { invoiceNo: '04400210011112345679' }),
      ]);
      expect([p1.status, p2.status].sort()).toEqual([200, 409]);
      const paid = p1.status === 200 ? p1 : p2;
      expect(paid.body).toMatchObject({
        paymentRef: expect.stringMatching(/^0440021001111234567[89]$/),
        mayRecordPayment: false,
      });
      expect(paid.body.paidAt).toBeTruthy();
      expect((await inbox('b@example.org')).map((n) => n.type)).toContain('service_record.paid');

      expect((await rate(c.university, { rating: 5 })).status).toBe(403);
      expect(fieldsOf((await rate(c.enterpriseB, { rating: 6 })).body)).toEqual(['rating']);
      const rated = await rate(c.enterpriseB, { rating: 4, comment: '  数据规范，出机及时  ' });
      expect(rated.body).toMatchObject({ rating: 4, ratingComment: '数据规范，出机及时', mayRate: false });
      expect((await rate(c.enterpriseB, { rating: 5 })).status).toBe(409);
      expect((await inbox('u@example.org')).map((n) => n.type)).toContain('service_record.rated');
      expect((await events(id)).map((e) => e.kind)).toEqual(['created', 'payment', 'rating']);

      const mine = await t.http().get('/api/v1/service-records?paid=true&role=enterprise').set(auth(c.enterpriseB));
      expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
      const unpaid = await t.http().get('/api/v1/service-records?paid=false').set(auth(c.enterpriseB));
      expect(unpaid.body.items.map((x: { id: string }) => x.id)).not.toContain(id);
      const all = await t.http().get('/api/v1/service-records').set(auth(c.coordinator));
      expect(all.body.total).toBeGreaterThanOrEqual(2);
      expect((await t.http().get('/api/v1/service-records?paid=maybe').set(auth(c.coordinator))).status).toBe(400);
    });
  });

  describe('statistics', () => {
    it('give coordinators open and booked hours, utilisation and counts per instrument and district', async () => {
      const d = harbinDay(21);
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
      const id = await createInstrument(t, c.university, {
        name: '拉曼光谱仪',
        openingHours: [{ weekday: wd, from: '09:00', to: '11:00' }],
      });
      const b = await requestBooking(t, c.enterpriseA, id, slot(21, '09:00', '10:00'));
      expect((await moveBooking(t, c.university, b, 'confirmed')).status).toBe(200);
      await requestBooking(t, c.enterpriseB, id, slot(21, '10:00', '11:00'));
      const to = harbinDay(27);
      const r = await t.http().get(`/api/v1/stats/instruments?from=${d}&to=${to}`).set(auth(c.coordinator));
      expect(r.status).toBe(200);
      const row = r.body.instruments.find((x: { instrumentId: string }) => x.instrumentId === id);
      expect(row).toMatchObject({
        name: '拉曼光谱仪',
        district: '南岗',
        openHours: 2,
        bookedHours: 1,
        utilisation: 0.5,
        bookings: 2,
        completedBookings: 0,
      });
      const nangang = r.body.districts.find((x: { district: string }) => x.district === '南岗');
      expect(nangang.instruments).toBeGreaterThanOrEqual(1);
      expect(nangang.bookedHours).toBeGreaterThanOrEqual(1);
      const sum = (k: string) =>
        r.body.districts.reduce((acc: number, x: Record<string, number>) => acc + x[k], 0) as number;
      expect(r.body.totals.bookings).toBe(sum('bookings'));
      expect(r.body.totals.district).toBe('all');

      expect((await t.http().get('/api/v1/stats/instruments').set(auth(c.enterpriseA))).status).toBe(403);
      const wide = await t
        .http()
        .get('/api/v1/stats/instruments?from=2024-01-01&to=2026-01-01')
        .set(auth(c.coordinator));
      expect([wide.status, fieldsOf(wide.body)]).toEqual([400, ['to']]);
      const bad = await t.http().get('/api/v1/stats/instruments?from=2026-02-30').set(auth(c.coordinator));
      expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ['from']]);
    });
  });

  describe('calendar edits, deactivation and the figures (review fixes)', () => {
    const patch = (id: string, body: Record<string, unknown>, token = c.university) =>
      t.http().patch(`/api/v1/instruments/${id}`).set(auth(token)).send(body);
    /** SQL for the Harbin midnight `daysAgo` days before today. */
    const midnight = (daysAgo: number) =>
      `(date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') - interval '${daysAgo} days') AT TIME ZONE 'Asia/Shanghai'`;
    const weekdayOfDay = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
    const edits = (id: string) =>
      db.query<Array<{ data: Record<string, unknown> }>>(
        `SELECT data FROM instrument_events WHERE subject_id = $1 AND kind = 'edit' ORDER BY id`,
        [id],
      );

    it('refuses calendar edits and deactivation that strand future bookings (409 naming them), until they are cancelled', async () => {
      const id = await createInstrument(t, c.university, { district: '道里', address: '道里区中央大街1号 3楼' });
      const day = harbinDay(3);
      const confirmed = await requestBooking(t, c.enterpriseA, id, slot(3, '09:00', '10:00'));
      expect((await moveBooking(t, c.university, confirmed, 'confirmed')).status).toBe(200);
      const requested = await requestBooking(t, c.enterpriseB, id, slot(5, '14:00', '15:00'));
      const other = weekdayOfDay(day) === 1 ? 2 : 1;

      let r = await patch(id, { openingHours: [{ weekday: other, from: '08:00', to: '12:00' }] });
      expect(r.status).toBe(409);
      const named = (r.body.details.bookings as Array<{ id: string }>).map((b) => b.id);
      expect(named).toContain(confirmed);
      expect(r.body.details.bookings.find((b: { id: string }) => b.id === confirmed)).toEqual({
        id: confirmed,
        from: `${day}T09:00:00+08:00`,
        to: `${day}T10:00:00+08:00`,
        status: 'confirmed',
      });
      r = await patch(id, { blackoutDates: [day] });
      expect([r.status, r.body.details.bookings.map((b: { id: string }) => b.id)]).toEqual([409, [confirmed]]);
      r = await patch(id, { active: false });
      expect([r.status, r.body.details.bookings.map((b: { id: string }) => b.id).sort()]).toEqual([
        409,
        [confirmed, requested].sort(),
      ]);
      // Nothing changed; an edit that keeps the bookings inside still passes.
      r = await t.http().get(`/api/v1/instruments/${id}`).set(auth(c.university));
      expect([r.body.active, r.body.blackoutDates, r.body.openingHours.length]).toEqual([true, [], 14]);
      expect((await patch(id, { blackoutDates: [harbinDay(4)] })).status).toBe(200);

      // The provider cancels with a reason (the enterprise is told), declines the request; then it may deactivate.
      expect((await moveBooking(t, c.university, confirmed, 'cancelled', { reason: '设备检修' })).status).toBe(200);
      expect((await moveBooking(t, c.university, requested, 'declined', { reason: '设备检修' })).status).toBe(200);
      const told = await db.query<Array<{ type: string }>>(
        `SELECT type FROM notification_events WHERE payload->>'bookingId' = $1 ORDER BY created_at`,
        [confirmed],
      );
      expect(told.map((e) => e.type)).toContain('booking.cancelled');
      r = await patch(id, { active: false });
      expect([r.status, r.body.active]).toEqual([200, false]);

      // Organisations with bookings on it still see it (and where it is); others do not.
      expect((await t.http().get(`/api/v1/instruments/${id}`).set(auth(c.enterpriseA))).status).toBe(200);
      expect((await t.http().get(`/api/v1/instruments/${id}`).set(auth(c.institute))).status).toBe(404);
      r = await t.http().get(`/api/v1/bookings/${confirmed}`).set(auth(c.enterpriseA));
      expect(r.body).toMatchObject({
        status: 'cancelled',
        instrumentAddress: '道里区中央大街1号 3楼',
        instrumentDistrict: '道里',
      });
      expect(r.body).not.toHaveProperty('instrumentOpen');
      // A new request on the inactive instrument is still refused.
      r = await t
        .http()
        .post(`/api/v1/instruments/${id}/bookings`)
        .set(auth(c.enterpriseA))
        .send({ ...slot(6, '09:00', '10:00'), purpose: '复测' });
      expect(r.status).toBe(409);
    });

    it('audits each edited field as {from, to}', async () => {
      const id = await createInstrument(t, c.university);
      expect((await patch(id, { priceYuan: 520, minNoticeHours: 48, blackoutDates: [harbinDay(10)] })).status).toBe(
        200,
      );
      expect((await patch(id, { active: false })).status).toBe(200);
      expect((await edits(id)).map((e) => e.data)).toEqual([
        {
          priceYuan: { from: 400, to: 520 },
          minNoticeHours: { from: 24, to: 48 },
          blackoutDates: { from: [], to: [harbinDay(10)] },
        },
        { active: { from: true, to: false } },
      ]);
    });

    it('refuses to confirm a booking on a deactivated instrument or a withdrawn capability (409)', async () => {
      const id = await createInstrument(t, c.university);
      const a = await requestBooking(t, c.enterpriseA, id, slot(3, '09:00', '10:00'));
      const b = await requestBooking(t, c.enterpriseB, id, slot(3, '10:00', '11:00'));
      await db.query(`UPDATE instruments SET active = false WHERE id = $1`, [id]);
      let r = await moveBooking(t, c.university, a, 'confirmed');
      expect([r.status, r.body.message]).toEqual([409, expect.stringContaining('仪器已停止预约')]);
      await db.query(`UPDATE instruments SET active = true WHERE id = $1`, [id]);
      await db.query(
        `UPDATE capabilities SET status = 'withdrawn' WHERE id = (SELECT capability_id FROM instruments WHERE id = $1)`,
        [id],
      );
      r = await moveBooking(t, c.university, b, 'confirmed');
      expect([r.status, r.body.message]).toEqual([
        409,
        expect.stringContaining('the instrument is not open for bookings'),
      ]);
      r = await t.http().get(`/api/v1/bookings/${b}`).set(auth(c.enterpriseB));
      expect(r.body.status).toBe('requested');
      // Declining still works.
      expect((await moveBooking(t, c.university, b, 'declined', { reason: '能力已撤回' })).status).toBe(200);
    });

    it('cuts the calendar’s free slots at the minimum notice and the 90-day horizon', async () => {
      const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
      const id = await createInstrument(t, c.university, { openingHours: allDay, minNoticeHours: 24 });
      let r = await t.http().get(`/api/v1/instruments/${id}/calendar`).set(auth(c.enterpriseA));
      expect(r.status).toBe(200);
      const from = Date.parse(r.body.bookableFrom);
      const until = Date.parse(r.body.bookableUntil);
      expect(from).toBeGreaterThanOrEqual(Date.now() + 24 * 3_600_000 - 60_000);
      expect(from).toBeLessThanOrEqual(Date.now() + 24.5 * 3_600_000 + 60_000);
      expect(Math.abs(until - (Date.now() + 90 * 86_400_000))).toBeLessThan(120_000);
      const today = r.body.days.find((d: { date: string }) => d.date === harbinDay(0));
      expect(today.windows).toHaveLength(1);
      expect(today.free).toEqual([]);
      for (const d of r.body.days as Array<{ free: Array<{ from: string; to: string }> }>) {
        for (const f of d.free) expect(Date.parse(f.from)).toBeGreaterThanOrEqual(from);
      }
      // A week beyond the horizon shows windows but nothing free.
      const far = harbinDay(98);
      const monday = new Date(Date.parse(`${far}T00:00:00Z`) - (weekdayOfDay(far) - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      r = await t.http().get(`/api/v1/instruments/${id}/calendar?week=${monday}`).set(auth(c.enterpriseA));
      expect(r.status).toBe(200);
      expect(
        r.body.days.every((d: { windows: unknown[]; free: unknown[] }) => d.windows.length && !d.free.length),
      ).toBe(true);
    });

    it('answers non-UUID id filters with 400 naming the field', async () => {
      for (const v of ['0123456789abcdef0123456789abcdef0123', '-'.repeat(36), 'x']) {
        let r = await t.http().get(`/api/v1/bookings?instrumentId=${v}`).set(auth(c.enterpriseA));
        expect([r.status, fieldsOf(r.body)]).toEqual([400, ['instrumentId']]);
        r = await t.http().get(`/api/v1/testing-orders?capabilityId=${v}`).set(auth(c.enterpriseA));
        expect([r.status, fieldsOf(r.body)]).toEqual([400, ['capabilityId']]);
      }
    });

    it('counts open hours only from the day the instrument was created and while it was active', async () => {
      const week = OPEN_ALL_WEEK; // 9 hours every day
      expect(week).toHaveLength(14);
      const fresh = await createInstrument(t, c.university, { name: '新到的仪器' });
      const statsOf = async (from: string, to: string, id: string) => {
        const r = await t.http().get(`/api/v1/stats/instruments?from=${from}&to=${to}`).set(auth(c.coordinator));
        expect(r.status).toBe(200);
        return r.body.instruments.find((x: { instrumentId: string }) => x.instrumentId === id);
      };
      expect((await statsOf(harbinDay(-29), harbinDay(0), fresh)).openHours).toBe(9);
      expect((await statsOf(harbinDay(-29), harbinDay(-1), fresh)).openHours).toBe(0);

      // Created 10 days ago; inactive from the Harbin midnight 5 days ago to the one 2 days ago.
      const older = await createInstrument(t, c.university, { name: '停用过的仪器' });
      await db.query(`UPDATE instruments SET created_at = now() - interval '10 days' WHERE id = $1`, [older]);
      expect((await patch(older, { active: false })).status).toBe(200);
      await db.query(
        `UPDATE instrument_events SET created_at = ${midnight(5)} WHERE subject_id = $1 AND kind = 'edit'`,
        [older],
      );
      expect((await patch(older, { active: true })).status).toBe(200);
      await db.query(
        `UPDATE instrument_events SET created_at = ${midnight(2)}
          WHERE subject_id = $1 AND kind = 'edit' AND data->'active'->>'to' = 'true'`,
        [older],
      );
      const row = await statsOf(harbinDay(-29), harbinDay(-1), older);
      expect(row.openHours).toBe(7 * 9);
      expect(row.active).toBe(true);
    });

    it('counts past days with the opening hours they had, not today’s', async () => {
      const id = await createInstrument(t, c.university, { name: '缩短开放时间的仪器' });
      await db.query(`UPDATE instruments SET created_at = now() - interval '10 days' WHERE id = $1`, [id]);
      // Open 9 hours a day (OPEN_ALL_WEEK) until the Harbin midnight 4 days ago, 3 hours a day since.
      const mornings = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to: '12:00' }));
      expect((await patch(id, { openingHours: mornings })).status).toBe(200);
      await db.query(
        `UPDATE instrument_events SET created_at = ${midnight(4)} WHERE subject_id = $1 AND kind = 'edit'`,
        [id],
      );
      const r = await t
        .http()
        .get(`/api/v1/stats/instruments?from=${harbinDay(-10)}&to=${harbinDay(-1)}`)
        .set(auth(c.coordinator));
      const row = r.body.instruments.find((x: { instrumentId: string }) => x.instrumentId === id);
      expect(row.openHours).toBe(6 * 9 + 4 * 3);

      // Two later edits (3 h → 5 h, then 5 h → 2 h) whose transactions overlapped: the first to take the row lock
      // started later. They count in the order they were made: 3 h until the later start, 2 h after it.
      const hours = (to: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '09:00', to }));
      expect((await patch(id, { openingHours: hours('14:00') })).status).toBe(200);
      expect((await patch(id, { openingHours: hours('11:00') })).status).toBe(200);
      const [first, second] = await db
        .query<Array<{ id: string }>>(
          `SELECT id FROM instrument_events WHERE subject_id = $1 AND kind = 'edit' ORDER BY id DESC LIMIT 2`,
          [id],
        )
        .then((x) => x.reverse());
      await db.query(`UPDATE instrument_events SET created_at = ${midnight(2)} WHERE id = $1`, [first.id]);
      await db.query(`UPDATE instrument_events SET created_at = ${midnight(3)} WHERE id = $1`, [second.id]);
      // And a hand-made audit row of no calendar shape is left out rather than failing the statistics.
      await db.query(
        `INSERT INTO instrument_events (subject, subject_id, kind, data, created_at)
         VALUES ('instrument', $1, 'edit', '{"openingHours": {"from": "全天", "to": []}}', ${midnight(1)})`,
        [id],
      );
      const again = await t
        .http()
        .get(`/api/v1/stats/instruments?from=${harbinDay(-10)}&to=${harbinDay(-1)}`)
        .set(auth(c.coordinator));
      expect(again.status).toBe(200);
      const later = again.body.instruments.find((x: { instrumentId: string }) => x.instrumentId === id);
      expect(later.openHours).toBe(6 * 9 + 2 * 3 + 2 * 2);
    });

    it('counts a completed booking’s actual minutes, and groups by the instrument’s own district', async () => {
      const id = await createInstrument(t, c.university, { district: '松北', name: '松北的仪器' });
      const b = await requestBooking(t, c.enterpriseA, id, slot(3, '09:00', '11:00'));
      expect((await moveBooking(t, c.university, b, 'confirmed')).status).toBe(200);
      await shiftBooking(db, b, -4 * 24);
      expect((await moveBooking(t, c.university, b, 'completed', { actualMinutes: 30 })).status).toBe(200);
      const day = harbinDay(-1);
      const r = await t.http().get(`/api/v1/stats/instruments?from=${day}&to=${day}`).set(auth(c.coordinator));
      const row = r.body.instruments.find((x: { instrumentId: string }) => x.instrumentId === id);
      // The university is in 南岗; the instrument stands in 松北.
      expect(row).toMatchObject({ district: '松北', bookedHours: 0.5, completedBookings: 1 });
      const songbei = r.body.districts.find((x: { district: string }) => x.district === '松北');
      expect(songbei).toMatchObject({ instruments: 1, bookedHours: 0.5, completedBookings: 1 });
    });
  });
});
