// Builders for shared instruments, bookings and testing orders (issue 14, part A) in e2e tests:
//
//   OPEN_ALL_WEEK                                   → opening hours 08:00-12:00 and 13:00-18:00 every day
//   instrumentBody(overrides?)                      → a valid POST /capabilities/:id/instruments body (400 yuan/hour,
//                                                     assisted, 24 h notice, open all week)
//   createEquipmentCapability(t, token, overrides?) → id of a capability of kind `equipment` of token's organisation
//   createServiceCapability(t, token, overrides?)   → id of a capability of kind `service` (检验检测)
//   createInstrument(t, token, overrides?, capId?)  → instrument id (a new equipment capability unless capId)
//   harbinDay(daysAhead)                            → the Harbin date YYYY-MM-DD `daysAhead` days from today
//   slot(daysAhead, from, to)                       → {from, to}: ISO times at +08:00 on that Harbin day
//   requestBooking(t, token, instrumentId, period, extra?) → booking id (201 expected)
//   moveBooking(t, token, bookingId, to, extra?)    → the response (status and body) of POST /bookings/:id/transitions
//   shiftBooking(db, bookingId, hours)              → moves a booking's period by `hours` (SQL; negative: into the past)
//   testingOrderBody(overrides?)                    → a valid POST /capabilities/:id/testing-orders body
//   createTestingOrder(t, token, capabilityId, overrides?) → testing order id
//   moveOrder(t, token, orderId, to, extra?)        → the response of POST /testing-orders/:id/transitions
import type { DataSource } from 'typeorm';
import type { TestApp } from '../setup/test-app.js';
import { postCapability } from './listings.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export const OPEN_ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, from: '08:00', to: '12:00' },
  { weekday, from: '13:00', to: '18:00' },
]);

export function instrumentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '场发射扫描电子显微镜',
    model: 'Hitachi SU8020',
    address: '南岗区西大直街92号 材料楼105室',
    mode: 'assisted',
    unit: 'hour',
    priceYuan: 400,
    openingHours: OPEN_ALL_WEEK,
    blackoutDates: [],
    minNoticeHours: 24,
    ...overrides,
  };
}

export function createEquipmentCapability(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return postCapability(t, token, {
    kind: 'equipment',
    title: '扫描电镜与能谱分析共享平台',
    description: '场发射扫描电镜，可做形貌观察与能谱分析，面向企业开放共享。',
    ...overrides,
  });
}

export function createServiceCapability(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return postCapability(t, token, {
    kind: 'service',
    title: '金属材料力学性能检测',
    description: '拉伸、冲击、硬度检测，出具CMA检测报告。',
    ...overrides,
  });
}

export async function createInstrument(
  t: Pick<TestApp, 'http'>,
  token: string,
  overrides: Record<string, unknown> = {},
  capabilityId?: string,
): Promise<string> {
  const cap = capabilityId ?? (await createEquipmentCapability(t, token));
  const r = await t
    .http()
    .post(`/api/v1/capabilities/${cap}/instruments`)
    .set(auth(token))
    .send(instrumentBody(overrides));
  if (r.status !== 201) throw new Error(`POST instruments: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** The Harbin date `daysAhead` days from now. */
export function harbinDay(daysAhead: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

export function slot(daysAhead: number, from: string, to: string): { from: string; to: string } {
  const day = harbinDay(daysAhead);
  return { from: `${day}T${from}:00+08:00`, to: `${day}T${to}:00+08:00` };
}

export async function requestBooking(
  t: Pick<TestApp, 'http'>,
  token: string,
  instrumentId: string,
  period: { from: string; to: string },
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await t
    .http()
    .post(`/api/v1/instruments/${instrumentId}/bookings`)
    .set(auth(token))
    .send({ ...period, purpose: '正极材料形貌观察', ...extra });
  if (r.status !== 201) throw new Error(`POST bookings: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

export function moveBooking(
  t: Pick<TestApp, 'http'>,
  token: string,
  bookingId: string,
  to: string,
  extra: Record<string, unknown> = {},
) {
  return t
    .http()
    .post(`/api/v1/bookings/${bookingId}/transitions`)
    .set(auth(token))
    .send({ to, ...extra });
}

export async function shiftBooking(db: DataSource, bookingId: string, hours: number): Promise<void> {
  await db.query(
    `UPDATE instrument_bookings
        SET period = tstzrange(lower(period) + make_interval(hours => $2), upper(period) + make_interval(hours => $2), '[)')
      WHERE id = $1`,
    [bookingId, hours],
  );
}

export function testingOrderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    samples: 'Q355B 钢板拉伸试样，厚度 10 mm',
    sampleCount: 6,
    standard: '  GB/T 228.1-2021  ',
    quantity: 6,
    ...overrides,
  };
}

export async function createTestingOrder(
  t: Pick<TestApp, 'http'>,
  token: string,
  capabilityId: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t
    .http()
    .post(`/api/v1/capabilities/${capabilityId}/testing-orders`)
    .set(auth(token))
    .send(testingOrderBody(overrides));
  if (r.status !== 201) throw new Error(`POST testing-orders: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

export function moveOrder(
  t: Pick<TestApp, 'http'>,
  token: string,
  orderId: string,
  to: string,
  extra: Record<string, unknown> = {},
) {
  return t
    .http()
    .post(`/api/v1/testing-orders/${orderId}/transitions`)
    .set(auth(token))
    .send({ to, ...extra });
}
