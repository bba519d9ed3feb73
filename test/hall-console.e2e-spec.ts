/// <reference lib="dom" />
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { capabilityBody, needBody } from './factories/listings.js';
import {
  ADMIN,
  consolePages,
  launchChromium,
  PASSWORD,
  screenshots,
  startApi,
  startConsoleApp,
  type ConsoleApp,
  type ConsoleServer,
} from './setup/console-browser.js';

// Each test is a person's whole errand, many pages long; on two cores shared with another test file a page can
// take seconds to answer, so a test gets three minutes rather than Jest's one.
jest.setTimeout(180_000);

// The public halls (需求大厅 / 成果大厅) in Debian's Chromium, against the built app: a visitor who never signs in
// searches, filters and reads; restricted needs and contacts never reach the page; with PUBLIC_HALLS=false the
// visitor is told to sign in. Screenshots go to test-artifacts/hall/.
const shot = screenshots('hall');
const CONTACTS =
  /示例联系人王工|wang\.contact@example\.com|13800000000|示例联系人李老师|li\.contact@example\.edu|13900000000/;

describe('the public halls in the console (需求大厅 / 成果大厅)', () => {
  let app: ConsoleApp;
  let closed: ConsoleServer;
  let browser: Browser;
  let base: string;
  const ids: Record<string, string> = {};
  const pages = consolePages(
    () => browser,
    () => base,
  );

  /** Everything the page holds (text and markup) has no contact of either organisation. */
  const expectNoContacts = async (page: Page) => {
    expect(await page.content()).not.toMatch(CONTACTS);
  };
  const titles = (page: Page) => page.getByRole('listitem').getByRole('heading', { level: 2 }).allInnerTexts();

  beforeAll(async () => {
    app = await startConsoleApp({ worker: false });
    base = app.base;
    const admin = await app.login(ADMIN.email, ADMIN.password);
    const org = async (kind: string, name: string, district: string, contact: Record<string, string>) => {
      const id = (await app.call<{ id: string }>('POST', '/organizations', { kind, name, district }, admin)).body.id;
      expect((await app.call('PATCH', `/organizations/${id}`, { contact }, admin)).status).toBe(200);
      return id;
    };
    const ent = await org('enterprise', '示例甲科技有限公司', '平房', {
      person: '示例联系人王工',
      email: 'wang.contact@example.com',
      phone: '13800000000',
    });
    const uni = await org('university', '示例理工大学', '南岗', {
      person: '示例联系人李老师',
      email: 'li.contact@example.edu',
      phone: '13900000000',
    });
    const token: Record<string, string> = {};
    for (const [email, organizationId] of [
      ['a@example.org', ent],
      ['u@example.org', uni],
    ]) {
      const r = await app.call(
        'POST',
        '/users',
        { email, password: PASSWORD, name: email.split('@')[0], role: 'member', organizationId },
        admin,
      );
      expect(r.status).toBe(201);
      token[email] = await app.login(email);
    }
    const post = async (key: string, path: string, body: Record<string, unknown>, who: string) => {
      const r = await app.call<{ id: string }>('POST', path, body, token[who]);
      expect(r.status).toBe(201);
      ids[key] = r.body.id;
    };
    await post('battery', '/needs', needBody(), 'a@example.org');
    await post(
      'water',
      '/needs',
      needBody({
        title: '工业污水处理设备升级',
        description: '现有污水处理设备能耗高，寻求低能耗膜处理技术。',
        keywords: ['污水处理'],
        district: '香坊',
        sectors: ['hitech:0701'],
        budget: { min: null, max: 300000 },
      }),
      'a@example.org',
    );
    await post(
      'restricted',
      '/needs',
      needBody({ title: '保密的锂电池隔膜需求', visibility: 'restricted' }),
      'a@example.org',
    );
    await post('electrolyte', '/capabilities', capabilityBody(), 'u@example.org');
    await post(
      'membrane',
      '/capabilities',
      capabilityBody({
        title: '低能耗膜法污水处理',
        description: '用于工业废水的膜分离工艺，能耗降低三成，已在哈尔滨两家企业中试。',
        keywords: ['膜分离', '污水处理'],
        sectors: ['hitech:0701'],
        district: '香坊',
        trl: 7,
        kind: 'patent',
      }),
      'u@example.org',
    );
    await post(
      'sensor',
      '/capabilities',
      capabilityBody({
        title: '寒区桥梁结构健康监测光纤传感',
        description: '分布式光纤传感系统，零下40度稳定工作，用于桥梁与管廊的应变和温度监测。',
        keywords: ['光纤传感', '结构健康监测'],
        sectors: ['hitech:0701'],
        trl: 5,
        kind: 'expertise',
      }),
      'u@example.org',
    );
    closed = await startApi({ ...app.env, PUBLIC_HALLS: 'false' });
    browser = await launchChromium();
  }, 90000);

  afterAll(async () => {
    await browser?.close();
    await closed?.stop();
    await app?.stop();
  });

  it('lets a visitor who never signed in search the capabilities hall, see the words marked, filter and go back', async () => {
    const { ctx, page } = await pages.visitor();
    await page.goto(`${base}/hall/capabilities`);
    await page.getByRole('heading', { name: '成果大厅', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/hall/capabilities');
    await page.getByText('共 3 条').first().waitFor();
    expect(await titles(page)).toHaveLength(3);
    // Sorted newest first without words; the facets count what is there.
    expect((await titles(page))[0]).toBe('寒区桥梁结构健康监测光纤传感');
    await page.getByRole('button', { name: /^香坊\s*1$/ }).waitFor();

    const search = page.getByLabel(/搜索词/);
    await search.fill('电解液 低温');
    await search.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '电解液 低温');
    await page.getByText('共 1 条').first().waitFor();
    expect(await titles(page)).toEqual(['耐低温锂离子电池电解液']);
    const marked = await page.locator('li mark').allInnerTexts();
    expect(marked).toEqual(expect.arrayContaining(['电解液', '低温']));
    // Relevance is the sort with words; the search is kept in the address and the box.
    expect(await page.getByRole('radio', { name: '相关度' }).isChecked()).toBe(true);
    expect(await search.inputValue()).toBe('电解液 低温');
    await shot(page, '1-visitor-capabilities-search');

    // The back button returns to the whole hall; a facet (reached with the keyboard) filters it, and is cleared.
    await page.goBack();
    await page.getByText('共 3 条').first().waitFor();
    expect(await search.inputValue()).toBe('');
    const xiangfang = page.getByRole('button', { name: /^香坊\s*1$/ });
    await xiangfang.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('district') === '香坊');
    await page.getByText('共 1 条').first().waitFor();
    expect(await titles(page)).toEqual(['低能耗膜法污水处理']);
    expect(await page.getByRole('button', { name: /^香坊\s*1$/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: '清除 区县' }).first().click();
    await page.getByText('共 3 条').first().waitFor();
    await page.getByRole('button', { name: /^TRL 7\s*1$/ }).click();
    await page.waitForURL((u) => u.searchParams.get('trl') === '7');
    await page.getByText('共 1 条').first().waitFor();
    expect(await titles(page)).toEqual(['低能耗膜法污水处理']);
    await page.getByRole('button', { name: /^专利\s*1$/ }).waitFor();
    await shot(page, '2-visitor-capabilities-facet');

    // The detail: the whole description, its facts, who posted it, and never how to reach them.
    await page.getByRole('link', { name: '低能耗膜法污水处理' }).click();
    await page.waitForURL(new RegExp(`/hall/capabilities/${ids.membrane}$`));
    await page.getByText('已在哈尔滨两家企业中试').waitFor();
    await page.getByText('示例理工大学 · 高校').waitFor();
    await page.getByText('TRL 7').first().waitFor();
    await page.getByText('膜分离、污水处理').waitFor();
    await page.getByText(/大厅不公开联系方式/).waitFor();
    expect(await page.getByRole('link', { name: /在控制台中查看/ }).count()).toBe(0);
    await expectNoContacts(page);
    await shot(page, '3-visitor-capability-detail');
    // The way back keeps the filter.
    await page.getByRole('link', { name: /返回成果大厅/ }).click();
    await page.waitForURL((u) => u.pathname === '/hall/capabilities' && u.searchParams.get('trl') === '7');
    expect(new URL(page.url()).pathname).not.toBe('/login');
    await ctx.close();
  });

  it('never shows a restricted need, nor contacts, in the needs hall, and says in words what it cannot search', async () => {
    const { ctx, page } = await pages.visitor();
    await page.goto(`${base}/hall/needs`);
    await page.getByText('共 2 条').first().waitFor();
    expect((await titles(page)).sort()).toEqual(['寒地储能锂电池低温容量衰减', '工业污水处理设备升级'].sort());
    await page.getByText('不超过 30 万元').waitFor();
    await page.getByText('50 万元 – 200 万元').waitFor();
    expect(await page.getByText('保密的锂电池隔膜需求').count()).toBe(0);
    await expectNoContacts(page);

    const search = page.getByLabel(/搜索词/);
    await search.fill('锂电池');
    await search.press('Enter');
    await page.getByText('共 1 条').first().waitFor();
    expect(await titles(page)).toEqual(['寒地储能锂电池低温容量衰减']);
    expect(await page.content()).not.toContain('保密的锂电池隔膜需求');

    // A restricted need's own address answers as if it did not exist.
    await page.goto(`${base}/hall/needs/${ids.restricted}`);
    await page.getByText('该需求不存在，或已不再公开').waitFor();
    expect(await page.content()).not.toContain('保密的锂电池隔膜需求');

    // Words with nothing to search (a stopword) and words that find nothing are both told in words.
    await page.goto(`${base}/hall/needs?q=${encodeURIComponent('的')}`);
    await page.getByText('“的”中没有可以检索的词').waitFor();
    await page.goto(`${base}/hall/needs?q=${encodeURIComponent('量子计算')}`);
    await page.getByText('没有找到符合条件的需求。').waitFor();
    await page.getByRole('button', { name: '清除全部筛选' }).first().click();
    await page.getByText('共 2 条').first().waitFor();
    await ctx.close();
  });

  it('reads on a phone-width screen, with the filters folded away', async () => {
    const { ctx, page } = await pages.visitor({ width: 390, height: 844 });
    await page.goto(`${base}/hall/needs`);
    await page.getByText('共 2 条').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.getByRole('button', { name: /筛选/ }).click();
    await page.getByRole('button', { name: /^香坊\s*1$/ }).click();
    await page.getByText('共 1 条').first().waitFor();
    await shot(page, '4-visitor-needs-phone');
    await ctx.close();
  });

  it('shows signed-in users the halls inside the console, with sector names and the way to the full listing', async () => {
    const { ctx, page } = await pages.session('a@example.org');
    await page.getByRole('menuitem', { name: '成果大厅' }).click();
    await page.waitForURL(/\/hall\/capabilities$/);
    await page.getByText('共 3 条').first().waitFor();
    await page.getByRole('button', { name: /^资源与环境 › 水污染控制与水资源利用技术\s*2$/ }).click();
    await page.waitForURL((u) => u.searchParams.get('sector') === 'hitech:0701');
    await page.getByText('共 2 条').first().waitFor();
    await page.getByRole('link', { name: '低能耗膜法污水处理' }).click();
    await page.getByRole('link', { name: /在控制台中查看完整信息/ }).click();
    await page.waitForURL(new RegExp(`/capabilities/${ids.membrane}$`));
    await page.getByText('已在哈尔滨两家企业中试').waitFor();
    await ctx.close();
  });

  it('tells a visitor to sign in when the halls are for signed-in users only (PUBLIC_HALLS=false)', async () => {
    const { ctx, page } = await pages.visitor();
    await page.goto(`${closed.base}/hall/capabilities`);
    await page.getByText('请登录后浏览').waitFor();
    expect(new URL(page.url()).pathname).toBe('/hall/capabilities');
    expect(await page.getByText('耐低温锂离子电池电解液').count()).toBe(0);
    await shot(page, '5-closed-hall-visitor');
    await page.goto(`${closed.base}/hall/needs/${ids.battery}`);
    await page.getByText('请登录后浏览').waitFor();
    await page.getByRole('link', { name: '登录' }).last().click();
    await page.waitForURL(/\/login$/);

    // Once signed in (on the same server), the hall is there.
    await page.getByLabel('邮箱').fill('u@example.org');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => u.pathname !== '/' && !u.pathname.startsWith('/login'));
    await page.goto(`${closed.base}/hall/needs`);
    await page.getByText('共 2 条').first().waitFor();
    await ctx.close();
  });

  it('left no errors in the browser console (a CSP violation is one)', () => {
    expect(pages.errors).toEqual([]);
  });
});
