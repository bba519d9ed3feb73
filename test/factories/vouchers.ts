// Builders for innovation vouchers (创新券) in e2e tests:
//
//   THREE_BODIES                                   → shares: province 60 % base, city +30 % for a Harbin provider,
//                                                    平房's district body +10 % for a 平房 enterprise at a 平房
//                                                    provider
//   programmeBody(overrides?)                      → a valid POST /voucher-programmes body (period: this Harbin year
//                                                    ±1 year, budget 1,000,000, cap 100,000, THREE_BODIES)
//   openProgramme(t, coordinatorToken, overrides?) → id: created and opened
//   approvedQuota(t, enterpriseToken, coordinatorToken, programmeId, yuan) → quota id: applied (tech_sme) and approved
//   serviceRecord(db, opts)                        → id: a service record written by SQL (module A's table; a
//                                                    capability and a testing order of the provider made for it),
//                                                    paid unless `paid: false`; `servedOn` a Harbin date (default today)
//   claim(t, token, serviceRecordId, quotaId)      → the raw response of POST /voucher-claims
//   backdateClaims(db, programmeId, createdAt)     → moves the programme's claims into another (settlement) month
import type { DataSource } from 'typeorm';
import { todayInHarbin } from '../../src/common/domain/dates.js';
import type { TestApp } from '../setup/test-app.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export const THREE_BODIES = [
  {
    body: '黑龙江省科学技术厅',
    level: 'province',
    basePercent: 60,
    harbinBonusPercent: 0,
    sameDistrictBonusPercent: 0,
  },
  { body: '哈尔滨市科学技术局', level: 'city', basePercent: 0, harbinBonusPercent: 30, sameDistrictBonusPercent: 0 },
  {
    body: '平房区科学技术局',
    level: 'district',
    district: '平房',
    basePercent: 0,
    harbinBonusPercent: 0,
    sameDistrictBonusPercent: 10,
  },
];

export function programmeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const year = Number(todayInHarbin().slice(0, 4));
  return {
    name: '哈尔滨市科技创新券（测试）',
    issuerLevel: 'city',
    issuerName: '哈尔滨市科学技术局',
    periodStart: `${year - 1}-01-01`,
    periodEnd: `${year + 1}-12-31`,
    shares: THREE_BODIES,
    capPerEnterpriseYuan: 100_000,
    budgetYuan: 1_000_000,
    ...overrides,
  };
}

export async function openProgramme(
  t: Pick<TestApp, 'http'>,
  coordinatorToken: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const r = await t
    .http()
    .post('/api/v1/voucher-programmes')
    .set(auth(coordinatorToken))
    .send(programmeBody(overrides));
  if (r.status !== 201) throw new Error(`POST /voucher-programmes: ${r.status} ${JSON.stringify(r.body)}`);
  const id = (r.body as { id: string }).id;
  const o = await t
    .http()
    .post(`/api/v1/voucher-programmes/${id}/transitions`)
    .set(auth(coordinatorToken))
    .send({ to: 'open' });
  if (o.status !== 200) throw new Error(`open programme: ${o.status} ${JSON.stringify(o.body)}`);
  return id;
}

export async function approvedQuota(
  t: Pick<TestApp, 'http'>,
  enterpriseToken: string,
  coordinatorToken: string,
  programmeId: string,
  yuan: number,
): Promise<string> {
  const a = await t
    .http()
    .post(`/api/v1/voucher-programmes/${programmeId}/quotas`)
    .set(auth(enterpriseToken))
    .send({ category: 'tech_sme', categoryEvidence: '2027230100012345', requestedYuan: yuan });
  if (a.status !== 201) throw new Error(`apply quota: ${a.status} ${JSON.stringify(a.body)}`);
  const id = (a.body as { id: string }).id;
  const d = await t
    .http()
    .post(`/api/v1/voucher-quotas/${id}/transitions`)
    .set(auth(coordinatorToken))
    .send({ to: 'approved', approvedYuan: yuan });
  if (d.status !== 200) throw new Error(`approve quota: ${d.status} ${JSON.stringify(d.body)}`);
  return id;
}

export interface ServiceRecordOptions {
  providerOrganizationId: string;
  enterpriseOrganizationId: string;
  amountYuan: number;
  kind?: 'equipment' | 'service';
  /** Harbin date the service ended (default today). */
  servedOn?: string;
  paid?: boolean;
  rating?: number | null;
  description?: string;
}

/** A service record as module A writes one when a testing order's report is issued, by SQL. */
export async function serviceRecord(db: DataSource, o: ServiceRecordOptions): Promise<string> {
  const kind = o.kind ?? 'service';
  const [{ district }] = await db.query<Array<{ district: string }>>(
    `SELECT district FROM organizations WHERE id = $1`,
    [o.providerOrganizationId],
  );
  const [cap] = await db.query<Array<{ id: string }>>(
    `INSERT INTO capabilities (organization_id, kind, title, description, district)
     VALUES ($1, $2, $3, '材料力学性能检测，CMA 资质。', $4) RETURNING id`,
    [o.providerOrganizationId, kind, kind === 'service' ? '金属材料拉伸试验' : '扫描电子显微镜', district],
  );
  const [order] = await db.query<Array<{ id: string }>>(
    `INSERT INTO testing_orders (capability_id, provider_organization_id, enterprise_organization_id, samples,
        sample_count, standard, quantity, unit_price_yuan, amount_yuan, status, report_issued_at)
     VALUES ($1, $2, $3, '钢板试样', 1, 'GB/T 228.1-2021', 1, $4, $4, 'report_issued', now()) RETURNING id`,
    [cap.id, o.providerOrganizationId, o.enterpriseOrganizationId, o.amountYuan],
  );
  const servedOn = o.servedOn ?? todayInHarbin();
  const paid = o.paid ?? true;
  const [sr] = await db.query<Array<{ id: string }>>(
    `INSERT INTO service_records (source, testing_order_id, capability_id, capability_kind, provider_organization_id,
        enterprise_organization_id, description, quantity, unit, amount_yuan, served_from, served_to, paid_at,
        payment_ref, rating, rated_at)
     VALUES ('testing_order', $1, $2, $3, $4, $5, $6, 1, 'sample', $7,
             ($8::date + time '09:00') AT TIME ZONE 'Asia/Shanghai', ($8::date + time '17:00') AT TIME ZONE 'Asia/Shanghai',
             CASE WHEN $9 THEN now() END, CASE WHEN $9 THEN 'FP' || floor(random() * 1e8)::text END,
             $10::smallint, CASE WHEN $10::smallint IS NOT NULL THEN now() END)
     RETURNING id`,
    [
      order.id,
      cap.id,
      kind,
      o.providerOrganizationId,
      o.enterpriseOrganizationId,
      o.description ?? '金属材料拉伸试验（GB/T 228.1-2021）',
      o.amountYuan,
      servedOn,
      paid,
      o.rating ?? null,
    ],
  );
  return sr.id;
}

/**
 * Moves a programme's claims' created_at (the settlement month) by SQL, past the trigger that keeps claims as booked
 * (only a settlement may change a claim): tests only.
 */
export async function backdateClaims(db: DataSource, programmeId: string, createdAt: string): Promise<void> {
  await db.transaction(async (m) => {
    await m.query(`ALTER TABLE voucher_claims DISABLE TRIGGER tg_voucher_claims_immutable`);
    await m.query(`UPDATE voucher_claims SET created_at = $2::timestamptz WHERE programme_id = $1`, [
      programmeId,
      createdAt,
    ]);
    await m.query(`ALTER TABLE voucher_claims ENABLE TRIGGER tg_voucher_claims_immutable`);
  });
}

export function claim(t: Pick<TestApp, 'http'>, token: string, serviceRecordId: string, quotaId: string) {
  return t.http().post('/api/v1/voucher-claims').set(auth(token)).send({ serviceRecordId, quotaId });
}
