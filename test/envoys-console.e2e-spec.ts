/// <reference lib="dom" />
import { jest } from '@jest/globals';
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
import { runNode, type Proc } from './setup/processes.js';

// Each test is a person's whole errand, many pages long; on two cores shared with another test file a page can
// take seconds to answer, so a test gets three minutes rather than Jest's one.
jest.setTimeout(180_000);

// 科技特派员 in Debian's Chromium, against the built app and its worker: an enterprise posts a 科技特派员 position and
// publishes it; the engine ranks the experts for it (the agricultural-machinery expertise first, with its
// explanation); a professor of a university nominates herself with her expertise listing; the enterprise accepts and
// the professor accepts (mutual choice → matched); the enterprise drafts the agreement (from the first day of last
// month to today), both sign it (active; the post is filled), the professor writes last month's work log and the
// enterprise evaluates the envoy (the agreement is completed). Screenshots go to test-artifacts/envoys/ (and
// docs/screenshots/ with UPDATE_SCREENSHOTS=1).
const take = screenshots('envoys');
const shot = withoutToasts(take);

/** Today in Harbin and the first day of last month, YYYY-MM-DD; last month, YYYY-MM. */
const harbin = () => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  return { today: now.toISOString().slice(0, 10), lastMonthFirst: first, lastMonth: first.slice(0, 7) };
};

describe('科技特派员 in the console: a post from publication to the evaluation', () => {
  let app: ConsoleApp;
  let worker: Proc | null = null;
  let browser: Browser;
  let base: string;
  const org: Record<string, string> = {};
  const token: Record<string, string> = {};
  let postId = '';
  const pages = consolePages(
    () => browser,
    () => base,
  );
  const { session } = pages;
  const api = async <T>(method: string, path: string, body: unknown, who: string, expected = 200) => {
    const r = await app.call<T>(method, path, body, token[who]);
    if (r.status !== expected) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    // The worker (it ranks the experts) is started here rather than by startConsoleApp, with more time to load the
    // catalogue on a busy machine.
    app = await startConsoleApp({ worker: false });
    base = app.base;
    // On a busy machine the API may take longer than startConsoleApp waits for it.
    for (let i = 0; i < 450 && !(await fetch(`${base}/health/ready`).catch(() => null))?.ok; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    worker = runNode('worker.js', { ...app.env, LOG_LEVEL: 'info' });
    await worker.waitFor(/catalogue loaded/, 120_000);
    token.admin = await app.login(ADMIN.email, ADMIN.password);
    for (const [key, kind, name, district] of [
      ['ent', 'enterprise', '示例呼兰农机装备有限公司', '呼兰'],
      ['uni', 'university', '示例农业大学', '香坊'],
      ['inst', 'research_institute', '示例储能研究所', '南岗'],
    ]) {
      org[key] = (await api<{ id: string }>('POST', '/organizations', { kind, name, district }, 'admin', 201)).id;
    }
    for (const [who, orgKey, name] of [
      ['e', 'ent', '企业刘'],
      ['p', 'uni', '王教授'],
      ['r', 'inst', '研究员陈'],
    ]) {
      const email = `${who}@example.org`;
      await api(
        'POST',
        '/users',
        { email, password: PASSWORD, name, role: 'member', organizationId: org[orgKey] },
        'admin',
        201,
      );
      token[who] = await app.login(email);
    }
    // Two expertise listings: one on the post's subject (agricultural machinery), one not.
    for (const [who, body] of [
      [
        'p',
        {
          kind: 'expertise',
          title: '农机智能控制与电液控制专家团队',
          description:
            '团队长期从事农业机械电液控制、播种机智能控制系统和农机自动导航研究，为寒地农机企业提供技术指导与驻企服务。',
          keywords: ['农机', '智能控制', '电液控制', '自动导航'],
          sectors: ['hitech:0804'],
          cooperationModes: ['talent_secondment', 'consulting'],
          district: '香坊',
        },
      ],
      [
        'r',
        {
          kind: 'expertise',
          title: '锂电池电解液与储能专家',
          description: '从事锂离子电池电解液、低温储能电池研究，可为储能企业提供技术咨询。',
          keywords: ['锂电池', '电解液', '储能'],
          sectors: ['hitech:0603'],
          cooperationModes: ['talent_secondment', 'consulting'],
          district: '南岗',
        },
      ],
    ] as const) {
      await api('POST', '/capabilities', body, who, 201);
    }
    browser = await launchChromium();
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await app?.stop();
  });

  it('lets an enterprise post a 科技特派员 position and publish it; the engine ranks experts with why', async () => {
    const { ctx, page } = await session('e@example.org');
    await page.getByRole('menuitem', { name: '科技特派员' }).click();
    await page.waitForURL(/\/envoy-posts$/);
    await page.getByRole('button', { name: /发布岗位/ }).click();
    await page.waitForURL(/\/envoy-posts\/new$/);
    await page.getByLabel('岗位名称', { exact: true }).fill('农机智能控制科技特派员');
    const field = page.locator('#field');
    await field.click();
    await field.fill('先进制造工艺与装备');
    await page
      .locator('.ant-cascader-dropdown:visible .ant-cascader-menu-item', { hasText: '先进制造工艺与装备' })
      .first()
      .click();
    await page
      .getByLabel('工作任务', { exact: true })
      .fill(
        '指导企业寒地播种机、收获机的电液控制与智能控制系统研发，帮助研发团队完成农机作业监测和自动导航改造，每月驻企不少于8天。',
      );
    const keywords = page.getByLabel('关键词', { exact: true });
    for (const k of ['农机', '智能控制', '电液控制']) {
      await keywords.fill(k);
      await keywords.press('Enter');
    }
    await page.getByLabel('企业提供的支持（补贴、住宿、团队等）').fill('每月补贴5000元，提供住宿，配备3人研发团队');
    await tick(page.getByLabel('保存后直接发布', { exact: true }));
    await take(page, '1-enterprise-new-post', 'envoy-post-form');
    await page.getByRole('button', { name: btn('保存') }).click();
    await page.waitForURL(/\/envoy-posts\/[0-9a-f-]{36}$/);
    postId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: '农机智能控制科技特派员' }).waitFor();
    await statusTag(page, '征集中');

    // The worker ranks the experts once the post opens: the agricultural-machinery expertise first.
    const deadline = Date.now() + 60_000;
    let first = '';
    while (Date.now() < deadline) {
      const c = await api<{ items: Array<{ capability: { title: string } }> }>(
        'GET',
        `/secondment-posts/${postId}/candidates`,
        undefined,
        'e',
      );
      if (c.items.length) {
        first = c.items[0].capability.title;
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(first).toBe('农机智能控制与电液控制专家团队');
    await page.reload();
    await page.getByRole('tab', { name: '推荐专家' }).click();
    await page.getByRole('link', { name: '农机智能控制与电液控制专家团队' }).waitFor();
    await page.getByText('推荐理由').first().waitFor();
    await shot(page, '2-enterprise-ranked-experts', 'envoy-candidates');
    await ctx.close();
  }, 180_000);

  it('takes a nomination through both acceptances to a match', async () => {
    const p = await session('p@example.org');
    await p.page.goto(`${base}/envoy-posts/${postId}`);
    await p.page.getByRole('heading', { name: '农机智能控制科技特派员' }).waitFor();
    // Not the post's owner: no ranked experts, no publication steps.
    expect(await p.page.getByRole('tab', { name: '推荐专家' }).count()).toBe(0);
    const dialog = await openDialog(p.page, p.page.getByRole('button', { name: /推荐人选/ }));
    await pick(p.page, dialog.getByLabel('对应的专家成果（可选）'), '农机智能控制与电液控制专家团队');
    await dialog
      .getByLabel('推荐理由', { exact: true })
      .fill('长期从事农机电液控制研究，主持省重点研发项目2项，熟悉寒地农机企业的生产条件。');
    await dialog.getByRole('button', { name: /提交推荐/ }).click();
    await statusTag(p.page, '已推荐');
    // The nominee's side may accept or decline now; not the enterprise's acceptance.
    await p.page.getByRole('button', { name: /接受邀请/ }).waitFor();
    expect(await p.page.getByRole('button', { name: /企业接受/ }).count()).toBe(0);

    const e = await session('e@example.org');
    await e.page.goto(`${base}/envoy-posts/${postId}?tab=nominations`);
    await e.page.getByRole('cell', { name: '王教授' }).waitFor();
    await e.page.getByRole('button', { name: /企业接受/ }).click();
    await statusTag(e.page, '企业已接受');
    expect(await e.page.getByRole('button', { name: /企业接受/ }).count()).toBe(0);

    await p.page.reload();
    await p.page.getByRole('button', { name: /接受邀请/ }).click();
    await statusTag(p.page, '双向选择成功');
    await shot(p.page, '3-nominee-matched', 'envoy-nominations');
    await p.ctx.close();
    await e.ctx.close();
  }, 180_000);

  it('lets both sides sign the agreement, the envoy log a month, and the enterprise evaluate', async () => {
    const { today, lastMonthFirst, lastMonth } = harbin();
    const e = await session('e@example.org');
    await e.page.goto(`${base}/envoy-posts/${postId}?tab=agreements`);
    const card = e.page.locator('.ant-card', { hasText: '人选：王教授' });
    await typeDate(e.page, '.ant-card [id^="startsOn-"]', lastMonthFirst);
    await typeDate(e.page, '.ant-card [id^="endsOn-"]', today);
    await card
      .getByLabel('协议条款', { exact: true })
      .fill('王教授每月驻企不少于8天，指导电液控制系统研发；企业每月补贴5000元并提供住宿。');
    await card.getByRole('button', { name: /起草协议/ }).click();
    await statusTag(e.page, '待签署');
    await card.getByRole('button', { name: /签署协议/ }).click();
    // Signed on the enterprise's side: its button gone, the university's signature still awaited.
    await card.getByRole('button', { name: /签署协议/ }).waitFor({ state: 'detached' });
    expect(await card.getByText('未签署').count()).toBe(1);

    const p = await session('p@example.org');
    await p.page.goto(`${base}/envoy-posts/${postId}?tab=agreements`);
    await p.page.getByRole('button', { name: /签署协议/ }).click();
    await statusTag(p.page, '履行中');
    await statusTag(p.page, '已选定');
    const dialog = await openDialog(p.page, p.page.getByRole('button', { name: /填写工作日志/ }));
    await typeDate(p.page, '#log-month', lastMonth);
    await dialog.getByLabel('工作时长（小时）', { exact: true }).fill('64');
    await dialog
      .getByLabel('工作内容', { exact: true })
      .fill('驻企8天，完成播种机电液控制系统方案评审，培训研发人员3次。');
    await dialog.getByLabel('成效', { exact: true }).fill('电液控制样机完成台架试验。');
    await dialog.getByRole('button', { name: btn('保存') }).click();
    await p.page.getByRole('cell', { name: lastMonth, exact: true }).waitFor();
    await p.page.getByRole('cell', { name: '64', exact: true }).waitFor();
    // The post's audit trail is for its enterprise and coordinators, not the nominating university.
    expect(await p.page.getByRole('tab', { name: '岗位记录' }).count()).toBe(0);
    await p.ctx.close();

    // The agreement ends today: the enterprise evaluates, and the agreement is completed.
    await e.page.reload();
    await e.page.getByRole('cell', { name: '驻企8天，完成播种机电液控制系统方案评审，培训研发人员3次。' }).waitFor();
    const evaluation = e.page.locator('.ant-card', { hasText: '评价科技特派员' });
    await evaluation.locator('.ant-rate-star').nth(4).click();
    await evaluation.getByLabel('评价意见', { exact: true }).fill('指导到位，样机按期完成，愿意续聘。');
    await evaluation.getByRole('button', { name: /提交评价/ }).click();
    await statusTag(e.page, '已完成');
    await e.page.getByText('指导到位，样机按期完成，愿意续聘。').waitFor();
    await shot(e.page, '4-enterprise-agreement-evaluated', 'envoy-post');
    // The enterprise's audit trail: every step with who took it, the evaluation among them.
    await e.page.getByRole('tab', { name: '岗位记录' }).click();
    const trail = e.page.locator('.ant-card', { hasText: '岗位记录' });
    await trail
      .locator('.ant-tag', { hasText: /^评价$/ })
      .first()
      .waitFor();
    expect(await trail.locator('.ant-timeline-item').count()).toBeGreaterThan(5);
    await e.ctx.close();
  }, 180_000);

  it('left no errors in the browser console (a CSP violation is one)', () => {
    expect(pages.errors).toEqual([]);
  });
});
