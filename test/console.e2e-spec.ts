/// <reference lib="dom" />
import { jest } from '@jest/globals';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import {
  ADMIN,
  consolePages,
  launchChromium,
  PASSWORD,
  screenshots,
  startConsoleApp,
  type ApiCall,
  type ConsoleApp,
} from './setup/console-browser.js';
import { confirmPopup, openDialog, pick } from './setup/console-actions.js';

// Each test is a person's whole errand, many pages long; on two cores shared with another test file a page can
// take seconds to answer, so a test gets three minutes rather than Jest's one.
jest.setTimeout(180_000);

// The console in Debian's Chromium, against the built app (API and worker processes), PostgreSQL and Redis.
// Screenshots of each step go to test-artifacts/console/ (and, with UPDATE_SCREENSHOTS=1, to docs/screenshots/).
const shot = screenshots('console');

describe('web console (中文)', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let base: string;
  let db: ConsoleApp['db'];
  const tokens: Record<string, string> = {};
  const pages = consolePages(
    () => browser,
    () => base,
  );
  const { errors, session } = pages;
  const call: ApiCall = (method, p, body, token) => app.call(method, p, body, token);

  beforeAll(async () => {
    app = await startConsoleApp();
    ({ base, db } = app);
    const admin = await app.login(ADMIN.email, ADMIN.password);
    const org = async (kind: string, name: string, district: string) =>
      (await call<{ id: string }>('POST', '/organizations', { kind, name, district }, admin)).body.id;
    const gov = await org('government', '示例市科技局', '松北');
    const ent = await org('enterprise', '示例甲科技有限公司', '平房');
    const uni = await org('university', '示例理工大学', '南岗');
    for (const [email, role, organizationId] of [
      ['coord@example.org', 'coordinator', gov],
      ['a@example.org', 'member', ent],
      ['u@example.org', 'member', uni],
    ]) {
      await call(
        'POST',
        '/users',
        { email, password: PASSWORD, name: email.split('@')[0], role, organizationId },
        admin,
      );
      tokens[email] = await app.login(email);
    }
    browser = await launchChromium();
  }, 90000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const NEED_TITLE = '储能锂电池冬季低温容量衰减';
  const CAP_TITLE = '耐低温锂离子电池电解液';

  it('lets an enterprise sign in and post a need through the form, with no token readable by page scripts', async () => {
    const { ctx, page } = await session('a@example.org');
    expect(new URL(page.url()).pathname).toBe('/needs');
    await page.getByText('还没有需求').first().waitFor();
    await shot(page, '1-enterprise-needs-empty');
    const readable = await page.evaluate(
      () => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie,
    );
    expect(readable).not.toContain('eyJ');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'techmatch_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    await page.goto(`${base}/needs/new`);
    await page.getByLabel('标题').fill(NEED_TITLE);
    await page.getByLabel('描述').fill('我公司储能电站冬季零下30度时锂电池容量下降40%以上，寻求耐低温电解液方案。');
    const keywords = page.getByLabel('关键词');
    await keywords.fill('低温');
    await keywords.press('Enter');
    await keywords.fill('电解液');
    await keywords.press('Enter');
    await shot(page, '2-enterprise-new-need', 'need-form');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/needs\/[0-9a-f-]{36}$/);
    const list = await call<{ items: Array<{ title: string; keywords: string[] }> }>(
      'GET',
      '/needs?mine=true',
      undefined,
      tokens['a@example.org'],
    );
    expect(list.body.items).toEqual([expect.objectContaining({ title: NEED_TITLE, keywords: ['低温', '电解液'] })]);
    await ctx.close();
  });

  it('shows the API’s own field errors beside the fields', async () => {
    const { ctx, page } = await session('a@example.org');
    await page.goto(`${base}/needs/new`);
    await page.getByLabel('标题').fill('预算上限测试');
    await page.getByLabel('描述').fill('预算超出接口允许的上限。');
    // The form has no upper limit of its own: the API refuses it and names budget.max.
    await page.getByPlaceholder('最高').fill('200000000000');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('budget.max 过大 / budget.max is too large').waitFor();
    expect(new URL(page.url()).pathname).toBe('/needs/new');
    await ctx.close();
  });

  it('lets a university list an achievement through the form', async () => {
    const { ctx, page } = await session('u@example.org');
    expect(new URL(page.url()).pathname).toBe('/capabilities');
    await page.goto(`${base}/capabilities/new`);
    await page.getByLabel('标题').fill(CAP_TITLE);
    await page.getByLabel('描述').fill('新型电解液配方，零下40摄氏度下锂电池容量保持率85%，适用于寒区储能。');
    const keywords = page.getByLabel('关键词');
    await keywords.fill('电解液');
    await keywords.press('Enter');
    await page.getByLabel('技术就绪度').fill('6');
    await shot(page, '3-university-new-capability', 'capability-form');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/capabilities\/[0-9a-f-]{36}$/);
    const mine = await call<{ items: Array<{ title: string; trl: number }> }>(
      'GET',
      '/capabilities?mine=true',
      undefined,
      tokens['u@example.org'],
    );
    expect(mine.body.items).toEqual([expect.objectContaining({ title: CAP_TITLE, trl: 6 })]);
    await ctx.close();
  });

  it('lets the coordinator find the suggestion, see the matched terms highlighted, and approve it with a note', async () => {
    const needs = await call<{ items: Array<{ id: string }> }>(
      'GET',
      '/needs?mine=true',
      undefined,
      tokens['a@example.org'],
    );
    const needId = needs.body.items[0].id;
    for (let i = 0; i < 100; i++) {
      const m = await call<{ items: unknown[] }>(
        'GET',
        `/needs/${needId}/matches`,
        undefined,
        tokens['coord@example.org'],
      );
      if (m.body.items.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const { ctx, page } = await session('coord@example.org');
    expect(new URL(page.url()).pathname).toBe('/review');
    await page.getByText(NEED_TITLE).first().click();
    await page.locator('mark').first().waitFor();
    expect(await page.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['电解液']));
    await shot(page, '4-coordinator-review', 'review');
    const approval = await openDialog(page, page.getByRole('button', { name: /通\s*过/ }).first());
    await approval.getByRole('textbox').fill('推荐对接');
    await approval.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('已通过').first().waitFor();
    const approved = await call<{ items: Array<{ id: string; status: string }> }>(
      'GET',
      `/needs/${needId}/matches?status=approved`,
      undefined,
      tokens['coord@example.org'],
    );
    expect(approved.body.items).toHaveLength(1);
    const history = await call<{ items: Array<{ to: string; note: string | null }> }>(
      'GET',
      `/matches/${approved.body.items[0].id}/history`,
      undefined,
      tokens['coord@example.org'],
    );
    expect(history.body.items.at(-1)).toMatchObject({ to: 'approved', note: '推荐对接' });
    await shot(page, '5-coordinator-approved');
    await ctx.close();
  });

  it('shows the enterprise the approved match on its need’s page', async () => {
    const { ctx, page } = await session('a@example.org');
    await page.getByText(NEED_TITLE).first().click();
    await page.getByText(CAP_TITLE).first().waitFor();
    expect(await page.getByText(CAP_TITLE).first().isVisible()).toBe(true);
    await shot(page, '6-enterprise-need-with-match', 'need-detail');
    await page.goto(`${base}/needs`);
    await page.getByText(NEED_TITLE).first().waitFor();
    await shot(page, '7-enterprise-needs', 'needs');
    await ctx.close();
  });

  it('carries the approved match to a contract through the console, with the bell and the dashboard', async () => {
    const needs = await call<{ items: Array<{ id: string }> }>(
      'GET',
      '/needs?mine=true',
      undefined,
      tokens['a@example.org'],
    );
    const approved = await call<{ items: Array<{ id: string }> }>(
      'GET',
      `/needs/${needs.body.items[0].id}/matches?status=approved`,
      undefined,
      tokens['coord@example.org'],
    );
    const matchId = approved.body.items[0].id;

    const coord = await session('coord@example.org');
    await coord.page.goto(`${base}/matches/${matchId}`);
    await coord.page.getByRole('button', { name: /安排对接/ }).click();
    await coord.page.getByPlaceholder(/已安排线上对接会/).fill('已安排线上对接会');
    await coord.page.getByRole('button', { name: /提\s*交/ }).click();
    await coord.page.getByText('已对接').first().waitFor();

    const ent = await session('a@example.org');
    await ent.page.goto(`${base}/matches/${matchId}`);
    await ent.page.getByRole('button', { name: /进入洽谈/ }).click();
    await ent.page.getByRole('button', { name: /提\s*交/ }).click();
    await ent.page.getByText('洽谈中').first().waitFor();
    await ent.page.getByRole('button', { name: /添加进展记录/ }).click();
    await ent.page.getByPlaceholder(/已安排线上对接会/).fill('已寄送样品');
    await ent.page.getByRole('button', { name: /提\s*交/ }).click();
    await ent.page.getByText('已寄送样品').first().waitFor();

    await coord.page.reload();
    await coord.page.getByRole('button', { name: /登记签约/ }).click();
    // Each field must hold its value before submitting (the pick checks it took).
    await pick(coord.page, coord.page.getByLabel('合作方式'), '技术许可');
    await coord.page.getByLabel('合同金额（元）').fill('800000');
    // Typing moves the calendar to the date; clicking its cell picks it, as a user does. Only then submit, once
    // the field shows the date: pressing Enter in the field raced the picker's parsing under load.
    const signedOn = coord.page.getByLabel('签订日期');
    await signedOn.click();
    await signedOn.fill('2026-11-20');
    await coord.page.locator('.ant-picker-dropdown td[title="2026-11-20"]').click();
    await coord.page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#signedOn')?.value === '2026-11-20',
    );
    await coord.page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#amountCny')?.value.replace(/\D/g, '') === '800000',
    );
    // Submitted as a user would: a click that sends nothing (under load it once landed while the date picker was
    // still closing over the button) is made again; a form that refuses names its reasons in the failure.
    const contracted = await (async () => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const sent = coord.page
          .waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(matchId), { timeout: 10_000 })
          .catch(() => null);
        await coord.page.getByRole('button', { name: /提\s*交/ }).click();
        const response = await sent;
        if (response) return response;
        const refused = await coord.page.locator('.ant-form-item-explain-error').allInnerTexts();
        if (refused.length) throw new Error(`the contract form refused to submit: ${refused.join('; ')}`);
      }
      throw new Error('three clicks on 提交 sent no contract');
    })();
    expect(`${contracted.status()} ${await contracted.text()}`).toMatch(/^20\d /);
    await coord.page.getByText('已签约').first().waitFor();
    await coord.page.getByText(/800,000/).waitFor();
    await shot(coord.page, '14-match-contracted', 'match-lifecycle');
    const history = await call<{ items: Array<{ to: string; kind: string }> }>(
      'GET',
      `/matches/${matchId}/history`,
      undefined,
      tokens['coord@example.org'],
    );
    expect(history.body.items.map((h) => `${h.kind}:${h.to}`).slice(-4)).toEqual([
      'status:introduced',
      'status:negotiating',
      'note:negotiating',
      'status:contracted',
    ]);

    // The enterprise's bell counts what happened since; opening it lists the contract.
    await ent.page.reload();
    await ent.page.getByRole('button', { name: /消息通知/ }).click();
    await ent.page
      .getByText(/对接已签约/)
      .first()
      .waitFor();
    await ent.page.waitForTimeout(400); // the popover's opening animation, for the picture
    await shot(ent.page, '15-enterprise-notifications', 'notifications');
    await ent.ctx.close();

    // The coordinator asks, from the bell, to be told of new suggestions scoring 0.3 or more.
    await coord.page.getByRole('button', { name: /消息通知/ }).click();
    await coord.page.getByLabel('新推荐得分不低于此值时提醒').fill('0.3');
    await coord.page
      .getByRole('button', { name: /提\s*交/ })
      .last()
      .click();
    await coord.page.getByText('已保存').first().waitFor();
    const settings = await call<{ minScore: number | null }>(
      'GET',
      '/notifications/settings',
      undefined,
      tokens['coord@example.org'],
    );
    expect(settings.body.minScore).toBe(0.3);

    await coord.page.goto(`${base}/stats`);
    await coord.page.getByRole('img', { name: '转化漏斗' }).locator('canvas').first().waitFor();
    await coord.page
      .getByRole('img', { name: /区县流向/ })
      .locator('canvas')
      .first()
      .waitFor();
    await shot(coord.page, '16-coordinator-dashboard', 'dashboard');
    await coord.ctx.close();
  });

  it('shows a dry run’s row errors on the import page before anything is written', async () => {
    const { ctx, page } = await session('a@example.org');
    await page.goto(`${base}/import`);
    await page.getByLabel(/选择 CSV 文件/).setInputFiles({
      name: 'needs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('标题,描述\n,没有标题的一行\n', 'utf8'),
    });
    await page.getByRole('button', { name: /校验/ }).click();
    await page.getByText('以下行有误，文件未导入').waitFor();
    expect(await page.getByRole('cell', { name: '3' }).count()).toBe(0);
    expect(await page.getByRole('cell', { name: '2', exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('cell', { name: '标题' }).count()).toBeGreaterThan(0);
    await shot(page, '17-import-dry-run', 'import');
    await ctx.close();
  });

  it('tells a member opening /review 无权访问, and reads on a phone-width screen', async () => {
    const { ctx, page } = await session('a@example.org', { width: 390, height: 844 });
    await page.goto(`${base}/review`);
    await page.getByText('无权访问').first().waitFor();
    expect(await page.getByText('无权访问').first().isVisible()).toBe(true);
    await shot(page, '8-member-forbidden');
    await page.goto(`${base}/needs`);
    await page.getByText(NEED_TITLE).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, '9-phone-needs', 'phone');
    await ctx.close();
  });

  it('lets an admin create an organisation (the API’s credit-code check shown beside the field) and import a scheme', async () => {
    const { ctx, page } = await session(ADMIN.email);
    expect(new URL(page.url()).pathname).toBe('/admin/organizations');
    const dialog = await openDialog(page, page.getByRole('button', { name: /新建组织/ }));
    await dialog.getByLabel('组织名称').fill('示例冰城装备有限公司');
    await pick(page, dialog.getByLabel('组织类型'), /^企业$/);
    await pick(page, dialog.getByLabel('所在区县'), /^道里$/);
    await dialog.getByLabel(/统一社会信用代码/).fill('91230199MA19F0LX05');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText(/校验位错误/).waitFor();
    await shot(page, '11-admin-credit-code-error');
    await dialog.getByLabel(/统一社会信用代码/).fill('91230199MA19F0LX04');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: '示例冰城装备有限公司' }).waitFor();
    await shot(page, '12-admin-organizations', 'admin-organizations');

    await page.goto(`${base}/admin/taxonomies`);
    const importer = await openDialog(page, page.getByRole('button', { name: /导入分类体系/ }));
    await importer.getByLabel('体系代码').fill('disciplines');
    await importer.getByLabel('体系名称').fill('学科分类');
    await importer.locator('input[type=file]').setInputFiles({
      name: 'disciplines.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFFcode,parent,nameZh,nameEn\n工学,,工学,Engineering\n材料科学与工程,工学,材料科学与工程,Materials\n',
      ),
    });
    await importer.getByText(/2/).first().waitFor();
    await importer.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByRole('cell', { name: 'disciplines', exact: true }).waitFor();
    const scheme = await call<{ codes: unknown[] }>(
      'GET',
      '/taxonomies/disciplines',
      undefined,
      tokens['a@example.org'],
    );
    expect(scheme.body.codes).toHaveLength(2);
    await shot(page, '13-admin-taxonomies', 'admin-taxonomies');

    // A job that failed for good (bad data) shows on the jobs page with its reason, and is retried from there.
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO job_outbox (queue, name, job_id, data, failed_at, error)
         VALUES ('matching', 'need-changed', 'need-console-1', '{"broken": true}', now(), 'UnrecoverableError: malformed need-changed payload')`,
      );
    } finally {
      await client.end();
    }
    await page.goto(`${base}/admin/jobs`);
    await page.getByRole('cell', { name: 'need-console-1' }).waitFor();
    await page.getByRole('cell', { name: /malformed need-changed payload/ }).waitFor();
    await shot(page, '14-admin-jobs', 'admin-jobs');
    await page.getByRole('button', { name: /重\s*试/ }).click();
    await page.getByText('已重新排队').waitFor();
    await ctx.close();
  });

  it('opens dialogs without animating them for a person who asked their system for less motion, and follows a change of that setting', async () => {
    const { ctx, page } = await session(ADMIN.email);
    // Every class an element takes is recorded; an antd animation running shows as its `…-active` class (the
    // dialog's zoom-in, its mask's fade-in).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenClasses: string[] }).seenClasses = seen;
      new MutationObserver((records) => {
        for (const r of records) if (r.target instanceof Element) seen.push(r.target.className.toString());
      }).observe(document.body, { attributes: true, attributeFilter: ['class'], subtree: true, childList: true });
    });
    const animated = async () => {
      const dialog = await openDialog(page, page.getByRole('button', { name: /新建组织/ }));
      await dialog.getByLabel('组织名称').waitFor();
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const seen = await page.evaluate(() => (window as unknown as { seenClasses: string[] }).seenClasses.splice(0));
      return seen.filter((c) => /ant-(zoom|fade)-appear-active/.test(c)).length > 0;
    };
    expect(await animated()).toBe(false);
    // The person turns the setting off while the page is open: dialogs zoom in again.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await animated()).toBe(true);
    await ctx.close();
  });

  it('shows admins the ranker’s versions and trains one on request', async () => {
    const { ctx, page } = await session(ADMIN.email);
    await page.getByRole('menuitem', { name: '排序模型' }).click();
    await page.waitForURL(/\/admin\/ranker$/);
    const shipped = page.getByRole('row').filter({ hasText: '随版本发布' });
    await shipped.getByText('使用中').waitFor();
    await page.getByText(/可学习的决定：通过 \d+，驳回 \d+/).waitFor();
    await shot(page, '18-admin-ranker', 'admin-ranker');
    await confirmPopup(page, page.getByRole('button', { name: /立即训练/ }));
    await page.getByText(/训练已排队/).waitFor();
    await ctx.close();
  });

  it('opens the queue board for admins from the jobs page, with no CSP violation', async () => {
    const { ctx, page } = await session(ADMIN.email);
    await page.goto(`${base}/admin/jobs`);
    await page.getByRole('link', { name: /队列面板/ }).click();
    await page.waitForURL(/\/admin\/queues\/?$/);
    // The board lists every queue once its scripts run (any CSP violation is a console error, see the last test).
    for (const name of ['matching', 'matching-bulk', 'notifications', 'maintenance']) {
      await page.getByText(name, { exact: true }).first().waitFor();
    }
    await shot(page, '19-admin-queues', 'admin-queues');
    await ctx.close();
  });

  it('shows a coordinator a rematch’s progress until it is done', async () => {
    const { ctx, page } = await session('coord@example.org');
    await confirmPopup(page, page.getByRole('button', { name: /重新匹配/ }));
    await page.getByText(/重新匹配完成/).waitFor({ timeout: 30000 });
    await ctx.close();
  });

  it('sends a strict Content-Security-Policy and the usual security headers, and ends the session on sign-out', async () => {
    const r = await fetch(`${base}/login`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await fetch(`${base}/api/v1/health`)).headers.get('content-security-policy')).toBeTruthy();
    expect((await fetch(`${base}/assets/no-such-chunk.js`)).status).toBe(404);

    const { ctx, page } = await session('u@example.org');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'techmatch_session')!;
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/login$/);
    const after = await fetch(`${base}/api/v1/me`, { headers: { cookie: `techmatch_session=${cookie.value}` } });
    expect(after.status).toBe(401);
    await shot(page, '10-login', 'login');
    await ctx.close();
  });

  it('left no errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
