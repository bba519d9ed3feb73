/// <reference lib="dom" />
import { jest } from '@jest/globals';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { btn, openDialog, pick, statusTag, tick, typeDate } from './setup/console-actions.js';
import {
  ADMIN,
  consolePages,
  launchChromium,
  PASSWORD,
  screenshots,
  withoutToasts,
  startConsoleApp,
  type ConsoleApp,
} from './setup/console-browser.js';

// Each test is a person's whole errand, many pages long; on two cores shared with another test file a page can
// take seconds to answer, so a test gets three minutes rather than Jest's one.
jest.setTimeout(180_000);

// 揭榜挂帅 in Debian's Chromium, against the built app: one whole challenge through the console — a coordinator
// posts it and publishes it, a visitor reads it in the halls, a university applies with an institute as its
// consortium (the institute accepts the invitation) and uploads its proposal, the coordinator closes applications
// (a stale tab's same step is refused with the server's 409 in words) and forms the panel, an expert scores
// with the keyboard (and sees the other expert's scores only after submitting), the coordinator shortlists and
// starts the public notice, an objection is filed and dismissed, the award is recorded with its agreement, and the
// first milestone is delivered, accepted by the issuer and the bureau and paid out in the ledger; the second is
// returned with a reason. Organisations,
// users and the second expert's sheet are set up through the API; the notice period's end is the clock's, moved
// in the database. Screenshots go to test-artifacts/challenges/ (and docs/screenshots/ with UPDATE_SCREENSHOTS=1).
const take = screenshots('challenges');
const shot = withoutToasts(take);

describe('揭榜挂帅 in the console: one challenge from posting to a paid milestone', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let base: string;
  const org: Record<string, string> = {};
  const token: Record<string, string> = {};
  let challengeId = '';
  let applicationId = '';
  const pages = consolePages(
    () => browser,
    () => base,
  );

  const { session, visitor } = pages;
  const api = async <T>(method: string, path: string, body: unknown, who: string, expected = 200) => {
    const r = await app.call<T>(method, path, body, token[who]);
    if (r.status !== expected) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** The award milestone of the second milestone (the :mid of its routes). */
  const secondMilestone = async () =>
    (
      await api<{ items: Array<{ id: string; seq: number }> }>(
        'GET',
        `/challenges/${challengeId}/milestones`,
        undefined,
        'c',
      )
    ).items.find((m) => m.seq === 2)!.id;
  const ymd = (d: Date) => d.toISOString().slice(0, 10);

  beforeAll(async () => {
    app = await startConsoleApp({ worker: false });
    base = app.base;
    token.admin = await app.login(ADMIN.email, ADMIN.password);
    for (const [key, kind, name, district] of [
      ['issuer', 'enterprise', '示例甲科技有限公司', '平房'],
      ['uni', 'university', '示例理工大学', '南岗'],
      ['inst', 'research_institute', '示例材料研究所', '香坊'],
      ['experts', 'university', '示例工业大学', '南岗'],
      ['bureau', 'government', '示例市科学技术局', '松北'],
    ]) {
      org[key] = (await api<{ id: string }>('POST', '/organizations', { kind, name, district }, 'admin', 201)).id;
    }
    for (const [who, orgKey, role, name] of [
      ['c', 'bureau', 'coordinator', '协调员赵'],
      ['e', 'issuer', 'member', '企业王'],
      ['u', 'uni', 'member', '李教授'],
      ['r', 'inst', 'member', '研究员陈'],
      ['x', 'experts', 'member', '专家孙'],
      ['y', 'experts', 'member', '专家周'],
    ]) {
      const email = `${who}@example.org`;
      const u = await api<{ id: string }>(
        'POST',
        '/users',
        { email, password: PASSWORD, name, role, organizationId: org[orgKey] },
        'admin',
        201,
      );
      if (who === 'x' || who === 'y') await api('PATCH', `/users/${u.id}`, { expert: true }, 'admin');
      token[who] = await app.login(email);
    }
    browser = await launchChromium();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lets a coordinator post a challenge with indicators, funding sources, milestones, and publish it', async () => {
    const { ctx, page } = await session('c@example.org');
    await page.getByRole('menuitem', { name: '揭榜挂帅' }).click();
    await page.waitForURL(/\/challenges$/);
    await page.getByRole('button', { name: /发布榜单/ }).click();
    await page.waitForURL(/\/challenges\/new$/);

    await pick(page, page.getByLabel('发榜单位（企业）', { exact: true }), '示例甲科技有限公司');
    await page.getByLabel('榜单名称', { exact: true }).fill('寒地储能电池低温性能攻关');
    await page
      .getByLabel('攻关难题', { exact: true })
      .fill('哈尔滨冬季气温低至零下30度，储能电站锂电池容量衰减超过40%，需要在低温下保持容量的电池材料与热管理方案。');
    await page.getByLabel('指标名称 1', { exact: true }).fill('低温容量保持率');
    await page.getByLabel('目标值 1', { exact: true }).fill('≥80');
    await page.getByLabel('单位 1', { exact: true }).fill('%');
    await page.getByLabel('验证方式 1', { exact: true }).fill('零下30度恒温箱中由第三方检测机构测试并出具报告');
    await page.getByLabel('资金总额（元）', { exact: true }).fill('1000000');
    await page.getByLabel('出资方 1', { exact: true }).fill('哈尔滨市科学技术局');
    await page.getByLabel('金额（元） 1', { exact: true }).fill('600000');
    await page.getByRole('button', { name: /添加资金来源/ }).click();
    await page.getByLabel('出资方 2', { exact: true }).fill('示例甲科技有限公司');
    await page.getByLabel('金额（元） 2', { exact: true }).fill('400000');
    await page.getByText('资金来源合计 100 万元，总额 100 万元').waitFor();

    const deadline = new Date(Date.now() + 20 * 86_400_000);
    await typeDate(page, '#applicationDeadline', `${ymd(deadline)} 18:00`);
    await page.getByLabel('知识产权约定', { exact: true }).fill('知识产权归揭榜方所有，发榜企业享有优先实施许可。');
    await page.getByLabel('里程碑 1', { exact: true }).fill('完成小试并提交检测报告');
    await typeDate(page, '#milestones_0_dueOn', ymd(new Date(deadline.getTime() + 90 * 86_400_000)));
    await page.getByLabel('拨付比例（%） 1', { exact: true }).fill('40');
    await page.getByRole('button', { name: /添加里程碑/ }).click();
    await page.getByLabel('里程碑 2', { exact: true }).fill('中试验收');
    await typeDate(page, '#milestones_1_dueOn', ymd(new Date(deadline.getTime() + 200 * 86_400_000)));
    await page.getByLabel('拨付比例（%） 2', { exact: true }).fill('60');
    await page.getByText('拨付比例合计 100%（须为 100%）').waitFor();
    await tick(page.getByLabel('保存后直接发布', { exact: true }));
    await shot(page, '1-coordinator-new-challenge', 'challenge-form');

    await page.getByRole('button', { name: btn('提交') }).click();
    await page.waitForURL(/\/challenges\/[0-9a-f-]{36}$/);
    challengeId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: '寒地储能电池低温性能攻关' }).waitFor();
    await statusTag(page, '揭榜中');
    await page.getByText('低温容量保持率').waitFor();
    // Only the steps the state machine allows from here: close applications, or close the challenge.
    await page.getByRole('button', { name: /截止申请，开始评审/ }).waitFor();
    expect(await page.getByRole('button', { name: /发布榜单/ }).count()).toBe(0);
    await ctx.close();
  });

  it('shows the published challenge to a visitor in the halls, without signing in', async () => {
    const { ctx, page } = await visitor();
    await page.goto(`${base}/hall/challenges`);
    await page.getByRole('heading', { name: '揭榜大厅', level: 1 }).waitFor();
    await page.getByRole('link', { name: '寒地储能电池低温性能攻关' }).waitFor();
    await page.getByText('100 万元').first().waitFor();
    await shot(page, '2-visitor-challenges-hall', 'hall-challenges');
    await page.getByRole('link', { name: '寒地储能电池低温性能攻关' }).click();
    await page.waitForURL(new RegExp(`/hall/challenges/${challengeId}$`));
    await page.getByText('零下30度恒温箱中由第三方检测机构测试并出具报告').waitFor();
    await page.getByText('登录后揭榜').waitFor();
    await shot(page, '3-visitor-challenge', 'hall-challenge');
    await ctx.close();
  });

  it('lets a university apply as the lead of a consortium the institute joins, with its proposal as a PDF', async () => {
    const { ctx, page } = await session('u@example.org');
    await page.goto(`${base}/challenges/${challengeId}?tab=applications`);
    await page.getByText('本单位尚未揭榜。').waitFor();
    await page.getByRole('button', { name: /我要揭榜/ }).click();
    await page.waitForURL(new RegExp(`/challenges/${challengeId}/apply$`));

    await page.getByText('联合体揭榜').click();
    await page.getByLabel('牵头单位 承担任务', { exact: true }).fill('总体方案与电解液研制');
    // The institute, found by part of its name in the directory (never its id): neither the university itself nor
    // the issuer is offered.
    const partner = page.getByLabel('成员单位 1', { exact: true });
    const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await partner.click();
    await partner.fill('示例');
    await offered.filter({ hasText: '示例材料研究所' }).waitFor();
    expect(await offered.filter({ hasText: '示例理工大学' }).count()).toBe(0);
    expect(await offered.filter({ hasText: '示例甲科技有限公司' }).count()).toBe(0);
    await partner.fill('材料研究');
    await offered.filter({ hasText: '示例材料研究所' }).click();
    await page.locator('.ant-select-content', { hasText: '示例材料研究所 · 科研院所 · 香坊' }).waitFor();
    await page.getByLabel('承担任务 1', { exact: true }).fill('正极材料低温改性');
    await page.getByLabel('方案名称', { exact: true }).fill('宽温域电解液与自加热电芯联合攻关');
    await page
      .getByLabel('技术路线', { exact: true })
      .fill('以低凝固点溶剂体系与新型锂盐提升低温电导率，配合电芯内置自加热结构。');
    await page.getByLabel('分工 1', { exact: true }).fill('项目负责人');
    await page.getByRole('button', { name: /添加成员$/ }).click();
    await page.getByLabel('姓名 2', { exact: true }).fill('王工');
    await page.getByLabel('分工 2', { exact: true }).fill('电芯测试');
    await page.getByLabel('当前技术就绪度（TRL）', { exact: true }).fill('5');
    await page.getByLabel('科目 1', { exact: true }).fill('材料与测试');
    await page.getByLabel('金额（元） 1', { exact: true }).fill('600000');
    await page.getByRole('button', { name: /添加预算科目/ }).click();
    await page.getByLabel('科目 2', { exact: true }).fill('人员');
    await page.getByLabel('金额（元） 2', { exact: true }).fill('400000');
    await page.getByLabel('阶段 1', { exact: true }).fill('小试');
    await typeDate(page, '#plan_0_dueOn', ymd(new Date(Date.now() + 120 * 86_400_000)));
    await page.getByLabel('交付物 1', { exact: true }).fill('小试样品与检测报告');
    await page.getByLabel('前期成果', { exact: true }).fill('已在零下20度完成 500 次循环测试。');
    await shot(page, '4-university-applies', 'challenge-apply');
    await page.getByRole('button', { name: btn('提交') }).click();
    await page.waitForURL(new RegExp(`/challenges/${challengeId}/applications/[0-9a-f-]{36}$`));
    applicationId = new URL(page.url()).pathname.split('/').pop()!;
    await statusTag(page, '已提交');
    await page.getByRole('cell', { name: '示例材料研究所' }).waitFor();
    await page.getByRole('cell', { name: '正极材料低温改性' }).waitFor();

    await page.locator('input[type=file]').setInputFiles({
      name: '技术方案.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await page.getByRole('link', { name: /技术方案\.pdf/ }).waitFor();
    await page.getByText('待答复').waitFor();
    await ctx.close();

    // The institute was invited: one of its members accepts, and it is in the consortium.
    const r = await session('r@example.org');
    await r.page.goto(`${base}/challenges/${challengeId}?tab=applications`);
    await r.page.getByRole('link', { name: '宽温域电解液与自加热电芯联合攻关' }).click();
    await r.page.getByRole('button', { name: /接受联合体邀请/ }).click();
    await r.page.getByText('已加入联合体').waitFor();
    await r.page.getByRole('cell', { name: '已加入' }).waitFor();
    await r.ctx.close();

    const u = await session('u@example.org');
    await u.page.goto(`${base}/challenges/${challengeId}/applications/${applicationId}`);
    await u.page.getByRole('cell', { name: '已加入' }).waitFor();
    await shot(u.page, '5-university-application', 'challenge-application');
    await u.ctx.close();
  });

  it('lets the coordinator close applications early (with a note), form the panel of experts', async () => {
    const { ctx, page } = await session('c@example.org');
    // A second tab, read before the step: its buttons are stale.
    const stale = await ctx.newPage();
    await stale.goto(`${base}/challenges/${challengeId}`);
    await stale.getByRole('button', { name: /截止申请，开始评审/ }).waitFor();
    await page.goto(`${base}/challenges/${challengeId}`);
    const dialog = await openDialog(page, page.getByRole('button', { name: /截止申请，开始评审/ }));
    await tick(dialog.getByLabel(/仍然提前截止/));
    await dialog.getByLabel('说明', { exact: true }).fill('申报单位已齐，提前进入评审');
    await dialog.getByRole('button', { name: btn('确定') }).click();
    await statusTag(page, '评审中');

    // The stale tab's step is refused (409) in words, with the steps allowed now, and the page catches up.
    const staleDialog = await openDialog(stale, stale.getByRole('button', { name: /截止申请，开始评审/ }));
    await tick(staleDialog.getByLabel(/仍然提前截止/));
    await staleDialog.getByLabel('说明', { exact: true }).fill('重复操作');
    await staleDialog.getByRole('button', { name: btn('确定') }).click();
    await stale.getByText(/该榜单已变化（当前状态：评审中/).waitFor();
    await statusTag(stale, '评审中');
    await stale.close();

    await page.getByRole('tab', { name: '专家评审' }).click();
    await pick(page, page.getByLabel('选择专家（仅限标记为专家的用户）', { exact: true }), 'x@example.org');
    await pick(page, page.getByLabel('选择专家（仅限标记为专家的用户）', { exact: true }), 'y@example.org');
    await page.getByRole('button', { name: /保存专家组/ }).click();
    await page.getByRole('cell', { name: '专家孙' }).waitFor();
    await page.getByRole('cell', { name: '专家周' }).waitFor();
    await ctx.close();
  });

  it('lets an expert score with the keyboard, and shows the other expert’s scores only after submitting', async () => {
    // The second expert has already submitted, through the API.
    const scores = Object.fromEntries(
      ['technical_merit', 'feasibility', 'team', 'budget', 'local_conversion'].map((k) => [
        k,
        { score: 3, comment: '方案可行，指标论证略显不足' },
      ]),
    );
    await api('PUT', `/challenges/${challengeId}/applications/${applicationId}/review`, { scores, submit: true }, 'y');

    const { ctx, page } = await session('x@example.org');
    await page.getByRole('menuitem', { name: '我的评审' }).click();
    await page.waitForURL(/\/my-reviews$/);
    await page.getByRole('cell', { name: '宽温域电解液与自加热电芯联合攻关' }).waitFor();
    await shot(page, '6-expert-my-reviews', 'my-reviews');
    await page.getByRole('button', { name: btn('打开') }).click();
    await page.waitForURL(new RegExp(`/my-reviews/${challengeId}/${applicationId}$`));
    await page.getByText('提交自己的评分后，才能看到其他专家的评分。').waitFor();
    expect(await page.getByText('方案可行，指标论证略显不足').count()).toBe(0);

    // 1–5 score the current criterion, c goes to its comment, Escape back, j to the next.
    const marks = ['5', '4', '4', '3', '5'];
    for (const [i, mark] of marks.entries()) {
      await page.keyboard.press(mark);
      await page.keyboard.press('c');
      await page.keyboard.type(`评语${i + 1}：依据充分`);
      await page.keyboard.press('Escape');
      if (i < marks.length - 1) await page.keyboard.press('j');
    }
    // 5×30 + 4×25 + 4×15 + 3×10 + 5×20 = 440 → 4.40
    await page.getByText('4.40').first().waitFor();
    await shot(page, '7-expert-review-sheet', 'challenge-review-sheet');
    await page.keyboard.press('Control+Enter');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: btn('确定') })
      .click();
    await page.getByText('评分已提交').waitFor();
    await page.getByText('方案可行，指标论证略显不足').first().waitFor();
    await ctx.close();
  });

  it('shows the coordinator the weighted ranking with its spread; shortlists and starts the public notice', async () => {
    const { ctx, page } = await session('c@example.org');
    await page.goto(`${base}/challenges/${challengeId}?tab=review`);
    // (4.40 + 3.00) / 2
    await page.getByRole('cell', { name: '3.70' }).waitFor();
    await page.getByText('3.00–4.40，标准差 0.70').waitFor();
    await tick(page.getByRole('checkbox', { name: '宽温域电解液与自加热电芯联合攻关' }));
    await page.getByRole('button', { name: /确定入围/ }).click();
    await page.getByText('入围名单已保存').waitFor();
    await statusTag(page, '入围');
    await page.getByRole('button', { name: '展开行' }).first().click();
    await page.getByText('专家孙：4.40').waitFor();
    await shot(page, '8-coordinator-ranking', 'challenge-ranking');

    await page.getByRole('tab', { name: '公示' }).click();
    await pick(page, page.getByLabel('拟揭榜申请', { exact: true }), '宽温域电解液与自加热电芯联合攻关');
    await page
      .getByRole('button', { name: /开始公示/ })
      .last()
      .click();
    await statusTag(page, '公示中');
    await ctx.close();
  });

  it('takes an objection during the notice, and lets the coordinator dismiss it with a resolution', async () => {
    const e = await session('e@example.org');
    await e.page.goto(`${base}/challenges/${challengeId}?tab=notice`);
    await e.page.getByText('示例理工大学').first().waitFor();
    await e.page.getByLabel('异议理由', { exact: true }).fill('请核实联合体成员的低温测试数据来源。');
    await e.page
      .getByRole('button', { name: /提出异议/ })
      .last()
      .click();
    await e.page.getByText('异议已提交').waitFor();
    await e.ctx.close();

    const { ctx, page } = await session('c@example.org');
    await page.goto(`${base}/challenges/${challengeId}?tab=notice`);
    await page.getByRole('cell', { name: '请核实联合体成员的低温测试数据来源。' }).waitFor();
    const dialog = await openDialog(page, page.getByRole('button', { name: btn('处理') }));
    await dialog.getByLabel('处理意见', { exact: true }).fill('经核查，测试数据由第三方机构出具，异议不成立。');
    await dialog.getByRole('button', { name: btn('确定') }).click();
    await page.getByText('已处理').first().waitFor();
    await page.getByRole('cell', { name: '不成立', exact: true }).waitFor();
    await ctx.close();
  });

  it('records the award with its three-party agreement once the notice period is over', async () => {
    // The notice period ends with the calendar: move its last day into the past.
    const client = new pg.Client({ connectionString: app.db.databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE challenges SET notice_ends_on = current_date - 3 WHERE id = $1`, [challengeId]);
    } finally {
      await client.end();
    }
    const { ctx, page } = await session('c@example.org');
    await page.goto(`${base}/challenges/${challengeId}?tab=award`);
    await page.getByLabel('发榜方签字人', { exact: true }).fill('王总（示例甲科技有限公司）');
    await page.getByLabel('主管部门签字人', { exact: true }).fill('赵处长（示例市科学技术局）');
    await page.getByLabel('示例理工大学 签字人', { exact: true }).fill('李教授（示例理工大学）');
    await page.getByText('分配合计 100 万元，榜单资金 100 万元').waitFor();
    await page.getByRole('button', { name: /授榜并登记三方协议/ }).click();
    await statusTag(page, '已授榜');
    await ctx.close();
  });

  it('lets the winner deliver a milestone, the issuer and the bureau accept it, and pays it out in the ledger', async () => {
    const u = await session('u@example.org');
    await u.page.goto(`${base}/challenges/${challengeId}?tab=milestones`);
    const delivery = await openDialog(u.page, u.page.getByRole('button', { name: /提交交付/ }).first());
    await delivery.getByLabel('交付报告', { exact: true }).fill('小试样品已完成，第三方检测报告编号 HT-2027-001。');
    await delivery.getByRole('button', { name: btn('确定') }).click();
    await u.page.getByText('已提交交付').waitFor();
    await u.page.getByText('待验收').first().waitFor();
    await u.ctx.close();

    const e = await session('e@example.org');
    await e.page.goto(`${base}/challenges/${challengeId}?tab=milestones`);
    const issuerAcceptance = await openDialog(e.page, e.page.getByRole('button', { name: /验收通过/ }).first());
    await issuerAcceptance.getByRole('button', { name: btn('确定') }).click();
    await e.page.getByText('发榜方已验收').waitFor();
    await e.ctx.close();

    const { ctx, page } = await session('c@example.org');
    await page.goto(`${base}/challenges/${challengeId}?tab=milestones`);
    const acceptance = await openDialog(page, page.getByRole('button', { name: /验收通过/ }).first());
    await acceptance.getByLabel('验收意见', { exact: true }).fill('指标达到要求');
    await acceptance.getByRole('button', { name: btn('确定') }).click();
    await page.getByText('已验收').first().waitFor();
    // 40% of 1,000,000 released; the whole award committed.
    await page.getByRole('cell', { name: '拨付' }).waitFor();
    await page.getByText('40 万元').first().waitFor();

    // The second milestone, delivered too early, is returned with the reason; nothing more is paid.
    await api(
      'POST',
      `/challenges/${challengeId}/milestones/${await secondMilestone()}/deliver`,
      { report: '中试方案已提交。' },
      'u',
    );
    await page.reload();
    const ret = await openDialog(page, page.getByRole('button', { name: btn('退回') }).first());
    await ret.getByLabel('退回理由', { exact: true }).fill('缺少中试现场的第三方检测数据。');
    await ret.getByRole('button', { name: btn('确定') }).click();
    await page.getByText('已退回').first().waitFor();
    await page.getByText('60 万元').nth(1).waitFor();
    await shot(page, '9-coordinator-milestones-ledger', 'challenge-milestones');
    await page.getByRole('tab', { name: '审计记录' }).click();
    await page.getByText('评审中 → 公示中').first().waitFor();
    await ctx.close();
  });

  it('left no errors in the browser console (a CSP violation is one)', () => {
    expect(pages.errors).toEqual([]);
  });
});
