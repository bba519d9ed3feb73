// The demo's shared instruments, testing service, innovation-voucher programme and science-envoy post (issue 14).
// Everything here is fictional (示例…): the organisations, the instruments, the prices, the programme (modelled on the
// published rules of Shandong's innovation vouchers — 60 % from the province, 30 % more from the city for a local
// provider — and Harbin's district vouchers, but not any body's actual programme) and the post.
import type { Harness } from './harness.js';

export interface ServicesDemoParties {
  coordinator: string;
  /** A member of the fictional enterprise (平房). */
  enterprise: string;
  /** A member of the fictional university (南岗): the provider and the nominating organisation. */
  university: string;
  universityUserId: string;
  universityOrgId: string;
  enterpriseOrgId: string;
  /** A sector code of the need taxonomy for the post's field (e.g. gbt4754:C). */
  field: string;
  pdf: Buffer;
}

const log = (msg: string) => process.stdout.write(`${msg}\n`);

function ok<T>(r: { status: number; body: T }, what: string): T {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

/** Harbin's date `days` from today (UTC+8, no daylight saving). */
function harbinDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of next week in Harbin, and a time of that day as an ISO string with +08:00. */
function nextMonday(): string {
  const today = new Date(`${harbinDay(0)}T00:00:00Z`);
  const weekday = today.getUTCDay() || 7;
  return harbinDay(8 - weekday);
}

const WORKDAYS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, from: '08:30', to: '11:30' },
  { weekday, from: '13:30', to: '17:00' },
]);

const INSTRUMENTS = [
  {
    name: '示例场发射扫描电子显微镜',
    model: 'SEM（示例型号）',
    address: '示例北国理工大学分析测试中心 A105',
    mode: 'assisted',
    unit: 'hour',
    priceYuan: 400,
    openingHours: WORKDAYS,
  },
  {
    name: '示例 X 射线衍射仪',
    model: 'XRD（示例型号）',
    address: '示例北国理工大学分析测试中心 A112',
    mode: 'self_service',
    unit: 'sample',
    priceYuan: 150,
    openingHours: WORKDAYS,
  },
  {
    name: '示例电子万能材料试验机',
    model: '100 kN（示例型号）',
    address: '示例北国理工大学材料学院实验楼 B203',
    mode: 'assisted',
    unit: 'hour',
    priceYuan: 260,
    openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, from: '09:00', to: '16:00' })),
  },
];

async function capability(
  h: Harness,
  token: string,
  orgId: string,
  body: { kind: string; title: string; description: string; keywords: string[]; sectors: string[] },
): Promise<string> {
  const found = ok(
    await h.call<{ items: Array<{ id: string; title: string }> }>(
      'GET',
      `/capabilities?organizationId=${orgId}&q=${encodeURIComponent(body.title)}&pageSize=20`,
      undefined,
      token,
    ),
    'find a capability',
  ).items.find((c) => c.title === body.title);
  if (found) return found.id;
  return ok(
    await h.call<{ id: string }>(
      'POST',
      '/capabilities',
      { ...body, organizationId: orgId, cooperationModes: ['technical_service', 'consulting'] },
      token,
    ),
    `create ${body.title}`,
  ).id;
}

/**
 * Instruments on an equipment capability, a booking next week (confirmed), a testing order carried to its report,
 * the service record paid and rated, a voucher programme with a quota, the record claimed against it, and an envoy
 * post with a nomination both sides accepted and a signed agreement. Running it again changes nothing.
 */
export async function sharedServicesDemo(h: Harness, p: ServicesDemoParties): Promise<void> {
  const existing = ok(
    await h.call<{ total: number }>('GET', '/voucher-programmes?pageSize=1', undefined, p.coordinator),
    'list programmes',
  );
  if (existing.total > 0) {
    log('\n共享仪器、创新券与科技特派员 / instruments, vouchers and envoys: 已有 / already there');
    return;
  }
  log('\n共享仪器与检验检测 Shared instruments and testing');
  const equipment = await capability(h, p.university, p.universityOrgId, {
    kind: 'equipment',
    title: '示例北国理工大学分析测试中心大型仪器共享',
    description:
      '示例数据：分析测试中心的扫描电镜、X 射线衍射仪与万能材料试验机对外开放共享，可预约机时，提供操作员协助或自主上机。' +
      ' Demo data: a fictional university analysis centre sharing its SEM, XRD and universal testing machine.',
    keywords: ['扫描电镜', 'X射线衍射', '材料力学性能', '大型仪器共享'],
    sectors: ['gbt4754:M'],
  });
  const instruments: Array<{ id: string; name: string }> = [];
  for (const i of INSTRUMENTS) {
    instruments.push(
      ok(
        await h.call<{ id: string; name: string }>(
          'POST',
          `/capabilities/${equipment}/instruments`,
          { ...i, district: '南岗', blackoutDates: [harbinDay(30)] },
          p.university,
        ),
        `add ${i.name}`,
      ),
    );
  }
  log(`  ${instruments.length} 台示例仪器 / fictional instruments: ${instruments.map((i) => i.name).join('、')}`);
  const monday = nextMonday();
  const booking = ok(
    await h.call<{ id: string }>(
      'POST',
      `/instruments/${instruments[0].id}/bookings`,
      {
        from: `${monday}T09:00:00+08:00`,
        to: `${monday}T11:00:00+08:00`,
        purpose: '示例：焊接接头断口形貌观察 / demo: fracture surfaces of welded joints',
      },
      p.enterprise,
    ),
    'book the SEM',
  );
  ok(await h.call('POST', `/bookings/${booking.id}/transitions`, { to: 'confirmed' }, p.university), 'confirm');
  log(`  预约 booking: ${INSTRUMENTS[0].name} ${monday} 09:00–11:00（已确认 / confirmed）`);

  const testing = await capability(h, p.university, p.universityOrgId, {
    kind: 'service',
    title: '示例金属材料室温拉伸性能检测',
    description:
      '示例数据：按 GB/T 228.1-2021 进行金属材料室温拉伸试验，出具检测报告。' +
      ' Demo data: a fictional tensile testing service (GB/T 228.1-2021) with a report.',
    keywords: ['拉伸试验', '力学性能', '金属材料', '检验检测'],
    sectors: ['gbt4754:M'],
  });
  const order = ok(
    await h.call<{ id: string }>(
      'POST',
      `/capabilities/${testing}/testing-orders`,
      {
        samples: '示例 Q355B 钢板焊接接头拉伸试样 / demo welded Q355B plate specimens',
        sampleCount: 6,
        standard: 'GB/T 228.1-2021',
        quantity: 6,
      },
      p.enterprise,
    ),
    'order testing',
  );
  const step = async (to: string, extra: Record<string, unknown> = {}) =>
    ok(await h.call('POST', `/testing-orders/${order.id}/transitions`, { to, ...extra }, p.university), to);
  await step('accepted', { unitPriceYuan: 350, dueDate: harbinDay(10) });
  await step('samples_received');
  await step('testing');
  ok(
    await h.call(
      'PUT',
      `/testing-orders/${order.id}/report?filename=${encodeURIComponent('示例检测报告.pdf')}`,
      p.pdf,
      p.university,
      { 'content-type': 'application/pdf' },
    ),
    'issue the report',
  );
  const record = ok(
    await h.call<{ items: Array<{ id: string; amountYuan: number }> }>(
      'GET',
      '/service-records?role=provider',
      undefined,
      p.university,
    ),
    'service records',
  ).items[0];
  ok(
    await h.call('POST', `/service-records/${record.id}/payment`, { invoiceNo: 'DEMO-2026-0001' }, p.university),
    'mark paid',
  );
  ok(
    await h.call(
      'POST',
      `/service-records/${record.id}/rating`,
      { rating: 5, comment: '示例：报告及时、数据清楚 / demo: on time, clear data' },
      p.enterprise,
    ),
    'rate',
  );
  log(`  检测委托 testing order: 6 个试样 × 350 元，报告已出具，服务记录 ${record.amountYuan} 元已付款并评价`);

  log('\n创新券 Innovation vouchers（示例规则 / example rules）');
  const programme = ok(
    await h.call<{ id: string }>(
      'POST',
      '/voucher-programmes',
      {
        name: '示例·哈尔滨市科技创新券（仿照已公布规则的示例）',
        issuerLevel: 'city',
        issuerName: '示例哈尔滨市科学技术局',
        periodStart: `${harbinDay(0).slice(0, 4)}-01-01`,
        periodEnd: `${harbinDay(0).slice(0, 4)}-12-31`,
        shares: [
          {
            body: '示例省级财政',
            level: 'province',
            basePercent: 60,
            harbinBonusPercent: 0,
            sameDistrictBonusPercent: 0,
          },
          { body: '示例市级财政', level: 'city', basePercent: 0, harbinBonusPercent: 30, sameDistrictBonusPercent: 0 },
          {
            body: '示例平房区财政',
            level: 'district',
            district: '平房',
            basePercent: 0,
            harbinBonusPercent: 0,
            sameDistrictBonusPercent: 10,
          },
        ],
        capPerEnterpriseYuan: 200_000,
        eligibleServiceKinds: ['equipment', 'service'],
        eligibleEnterpriseCategories: ['tech_sme', 'high_tech', 'sme'],
        budgetYuan: 5_000_000,
        example: true,
      },
      p.coordinator,
    ),
    'create the programme',
  );
  ok(await h.call('POST', `/voucher-programmes/${programme.id}/transitions`, { to: 'open' }, p.coordinator), 'open');
  const quota = ok(
    await h.call<{ id: string }>(
      'POST',
      `/voucher-programmes/${programme.id}/quotas`,
      { category: 'tech_sme', categoryEvidence: '示例入库编号 DEMO-2026-230108-0001', requestedYuan: 50_000 },
      p.enterprise,
    ),
    'apply for a quota',
  );
  ok(
    await h.call(
      'POST',
      `/voucher-quotas/${quota.id}/transitions`,
      { to: 'approved', approvedYuan: 50_000 },
      p.coordinator,
    ),
    'approve the quota',
  );
  const claim = ok(
    await h.call<{ reimbursedYuan: number; split: Array<{ body: string; amountYuan: number }> }>(
      'POST',
      '/voucher-claims',
      { serviceRecordId: record.id, quotaId: quota.id },
      p.enterprise,
    ),
    'claim',
  );
  log(
    `  额度 5 万元已批准；检测费 ${record.amountYuan} 元申请兑付 ${claim.reimbursedYuan} 元：` +
      claim.split
        .filter((s) => s.amountYuan > 0)
        .map((s) => `${s.body} ${s.amountYuan} 元`)
        .join('，'),
  );

  log('\n科技特派员 / 科技副总 Science envoys');
  const expertise = await capability(h, p.university, p.universityOrgId, {
    kind: 'expertise',
    title: '示例智能焊接与产线自动化专家团队',
    description:
      '示例数据：长期从事焊接机器人、焊缝视觉跟踪与产线自动化改造，可派驻企业担任科技副总。' +
      ' Demo data: a fictional team on welding robots, seam tracking and production-line automation.',
    keywords: ['焊接机器人', '焊缝跟踪', '产线自动化', '智能制造'],
    sectors: [p.field],
  });
  // Other teams the ranking weighs the post against (it should put the welding team first).
  for (const [title, description, keywords] of [
    [
      '示例工业机器人视觉检测团队',
      '示例数据：机器视觉缺陷检测、工业机器人手眼标定与产线质量追溯。 Demo data: machine-vision inspection and robot calibration.',
      ['机器视觉', '工业机器人', '缺陷检测'],
    ],
    [
      '示例寒地农机装备专家团队',
      '示例数据：寒地水稻插秧机、玉米收获机的设计与田间试验。 Demo data: cold-region rice and maize machinery.',
      ['农业机械', '寒地水稻', '收获机'],
    ],
    [
      '示例动力电池材料专家团队',
      '示例数据：锂离子电池正极材料与低温电解液。 Demo data: cathode materials and low-temperature electrolytes.',
      ['锂离子电池', '正极材料', '电解液'],
    ],
  ] as const) {
    await capability(h, p.university, p.universityOrgId, {
      kind: 'expertise',
      title,
      description,
      keywords: [...keywords],
      sectors: [p.field],
    });
  }
  const post = ok(
    await h.call<{ id: string; title: string }>(
      'POST',
      '/secondment-posts',
      {
        kind: 'vice_president',
        title: '示例·焊接产线智能化改造科技副总',
        field: p.field,
        tasks:
          '示例：带领企业技术团队完成焊接产线机器人化改造，建立焊缝视觉检测，培养 3 名工艺工程师。' +
          ' Demo: lead the robotisation of a welding line and set up visual seam inspection.',
        keywords: ['焊接机器人', '焊缝跟踪', '产线自动化'],
        termMonths: 12,
        district: '平房',
        address: '示例平房区哈南工业新城',
        support: '示例：每月工作补贴、往返交通与食宿 / demo: monthly allowance, travel and lodging',
      },
      p.enterprise,
    ),
    'post',
  );
  ok(await h.call('POST', `/secondment-posts/${post.id}/transitions`, { to: 'open' }, p.enterprise), 'open the post');
  const nomination = ok(
    await h.call<{ id: string }>(
      'POST',
      `/secondment-posts/${post.id}/nominations`,
      {
        nomineeUserId: p.universityUserId,
        capabilityId: expertise,
        statement: '示例：团队负责人，主持焊接机器人相关项目 5 项 / demo: leads five welding-robot projects',
      },
      p.university,
    ),
    'nominate',
  );
  ok(
    await h.call(
      'POST',
      `/secondment-nominations/${nomination.id}/transitions`,
      { to: 'enterprise_accepted' },
      p.enterprise,
    ),
    'enterprise accepts',
  );
  ok(
    await h.call(
      'POST',
      `/secondment-nominations/${nomination.id}/transitions`,
      { to: 'nominee_accepted' },
      p.university,
    ),
    'nominee accepts',
  );
  const agreement = ok(
    await h.call<{ id: string }>(
      'POST',
      `/secondment-nominations/${nomination.id}/agreement`,
      {
        startsOn: harbinDay(0),
        terms: '示例协议：每月驻企不少于 8 个工作日 / demo: at least 8 working days a month on site',
      },
      p.enterprise,
    ),
    'draft the agreement',
  );
  ok(await h.call('POST', `/secondment-agreements/${agreement.id}/sign`, {}, p.enterprise), 'enterprise signs');
  ok(await h.call('POST', `/secondment-agreements/${agreement.id}/sign`, {}, p.university), 'university signs');
  log(`  岗位 post: ${post.title}：提名、双向选择、协议已签 / nominated, chosen by both, agreement signed`);
}
