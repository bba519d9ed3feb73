/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Browser } from 'playwright-core';
import { serviceRecord } from './factories/vouchers.js';
import { btn, openDialog, pick, statusTag } from './setup/console-actions.js';
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

// 创新券 in Debian's Chromium, against the built app: a coordinator draws up a programme with its share table (the
// province pays 60 %, the city 30 % more for a provider in Harbin) and opens it; an enterprise applies for a quota and
// the coordinator approves it with an amount; the enterprise claims a voucher on a paid service record (written by
// SQL, as module A writes one when a report is issued) and reads the split per body before confirming — 12,345 yuan
// → 7,407 + 3,703 = 11,110, each rounded down; the coordinator settles the month (the claim's date moved into last
// month in the database: only an ended month is settled) and downloads the finance office's CSV, GB18030-encoded.
// Screenshots go to test-artifacts/vouchers/ (and docs/screenshots/ with UPDATE_SCREENSHOTS=1).
const take = screenshots('vouchers');
const shot = withoutToasts(take);

/** A Harbin month `offset` months from this one, YYYY-MM. */
const harbinMonth = (offset: number) => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};

describe('创新券 in the console: a programme, a quota, a claim with its split, the monthly settlement', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let base: string;
  let sql: pg.Client;
  const org: Record<string, string> = {};
  const token: Record<string, string> = {};
  let programmeId = '';
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
    app = await startConsoleApp({ worker: false });
    base = app.base;
    // On a busy machine the API may take longer than startConsoleApp waits for it.
    for (let i = 0; i < 450 && !(await fetch(`${base}/health/ready`).catch(() => null))?.ok; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    sql = new pg.Client({ connectionString: app.db.databaseUrl });
    await sql.connect();
    token.admin = await app.login(ADMIN.email, ADMIN.password);
    for (const [key, kind, name, district] of [
      ['ent', 'enterprise', '示例松北精密制造有限公司', '松北'],
      ['uni', 'university', '示例工业大学分析测试中心', '南岗'],
      ['bureau', 'government', '示例市科学技术局', '松北'],
    ]) {
      org[key] = (await api<{ id: string }>('POST', '/organizations', { kind, name, district }, 'admin', 201)).id;
    }
    for (const [who, orgKey, role, name] of [
      ['c', 'bureau', 'coordinator', '协调员赵'],
      ['e', 'ent', 'member', '企业王'],
      ['u', 'uni', 'member', '检测李'],
    ]) {
      const email = `${who}@example.org`;
      await api('POST', '/users', { email, password: PASSWORD, name, role, organizationId: org[orgKey] }, 'admin', 201);
      token[who] = await app.login(email);
    }
    // A paid testing service of the university for the enterprise, 12,345 yuan (module A's table, by SQL).
    const db = { query: async (text: string, params: unknown[]) => (await sql.query(text, params)).rows };
    await serviceRecord(db as unknown as DataSource, {
      providerOrganizationId: org.uni,
      enterpriseOrganizationId: org.ent,
      amountYuan: 12_345,
      description: '金属材料拉伸试验（GB/T 228.1-2021）12 个试样',
    });
    browser = await launchChromium();
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await sql?.end();
    await app?.stop();
  });

  it('lets a coordinator draw up a programme with its share table and open it', async () => {
    const { ctx, page } = await session('c@example.org');
    await page.getByRole('menuitem', { name: '创新券计划' }).click();
    await page.waitForURL(/\/voucher-programmes$/);
    await page.getByRole('button', { name: /新建计划/ }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('计划名称', { exact: true }).fill('哈尔滨市科技创新券（仪器共享与检验检测）');
    await drawer.getByLabel('发放单位', { exact: true }).fill('哈尔滨市科学技术局');
    const year = new Date().getUTCFullYear();
    const range = drawer.locator('.ant-picker-range input');
    await range.nth(0).click();
    await range.nth(0).fill(`${year - 1}-01-01`);
    await range.nth(0).press('Enter');
    await range.nth(1).fill(`${year + 1}-12-31`);
    await range.nth(1).press('Enter');
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
    await drawer.getByLabel('总预算（元）', { exact: true }).fill('2000000');
    await drawer.getByLabel('每家企业年度上限（元）', { exact: true }).fill('50000');
    await drawer.getByLabel('出资单位 1', { exact: true }).fill('黑龙江省科学技术厅');
    await pick(page, drawer.getByLabel('层级 1', { exact: true }), '省级');
    await drawer.getByLabel('基础比例 1', { exact: true }).fill('60');
    await drawer.getByRole('button', { name: /添加出资单位/ }).click();
    await drawer.getByLabel('出资单位 2', { exact: true }).fill('哈尔滨市科学技术局');
    await pick(page, drawer.getByLabel('层级 2', { exact: true }), '市级');
    await drawer.getByLabel('哈尔滨加成 2', { exact: true }).fill('30');
    await drawer.getByText('最高合计比例 90%（不得超过 100%）').waitFor();
    // A district body names its 区县: it pays only for enterprises there (this enterprise is in 松北).
    await drawer.getByRole('button', { name: /添加出资单位/ }).click();
    await drawer.getByLabel('出资单位 3', { exact: true }).fill('平房区科学技术局');
    await pick(page, drawer.getByLabel('层级 3', { exact: true }), '区县级');
    await pick(page, drawer.getByLabel('区县 3', { exact: true }), '平房');
    await drawer.getByLabel('基础比例 3', { exact: true }).fill('10');
    await drawer.getByText('最高合计比例 100%（不得超过 100%）').waitFor();
    await take(page, '1-coordinator-new-programme', 'voucher-programme-form');
    await drawer.getByRole('button', { name: btn('保存') }).click();

    await page.waitForURL(/\/voucher-programmes\/[0-9a-f-]{36}$/);
    programmeId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: '哈尔滨市科技创新券（仪器共享与检验检测）' }).waitFor();
    await statusTag(page, '草稿');
    const opening = await openDialog(page, page.getByRole('button', { name: /开放申报/ }));
    await opening.getByRole('button', { name: btn('确定') }).click();
    await statusTag(page, '申报中');
    // Open: the only step left is closing it.
    await page.getByRole('button', { name: /关闭计划/ }).waitFor();
    expect(await page.getByRole('button', { name: /开放申报/ }).count()).toBe(0);
    await page.getByRole('cell', { name: '黑龙江省科学技术厅' }).waitFor();
    // The share table's 区县 column: the district body's district.
    await page
      .getByRole('row', { name: /平房区科学技术局/ })
      .getByRole('cell', { name: '平房', exact: true })
      .waitFor();
    await shot(page, '2-coordinator-programme', 'voucher-programme');
    await ctx.close();
  }, 180_000);

  it('lets an enterprise apply for a quota, and the coordinator approve it with an amount', async () => {
    const e = await session('e@example.org');
    await e.page.getByRole('menuitem', { name: '创新券' }).click();
    await e.page.waitForURL(/\/vouchers$/);
    await e.page.getByRole('cell', { name: '哈尔滨市科技创新券（仪器共享与检验检测）' }).waitFor();
    const dialog = await openDialog(e.page, e.page.getByRole('button', { name: /申请额度/ }));
    await pick(e.page, dialog.getByLabel('企业类别', { exact: true }), '科技型中小企业');
    await dialog.getByLabel('证明材料（如科技型中小企业入库登记编号）').fill('2026230100012345');
    await dialog.getByLabel('申请额度（元）', { exact: true }).fill('30000');
    await dialog.getByRole('button', { name: /提交申请/ }).click();
    await statusTag(e.page, '待审核');
    await e.ctx.close();

    const { ctx, page } = await session('c@example.org');
    await page.goto(`${base}/voucher-programmes/${programmeId}?tab=quotas`);
    await page.getByRole('cell', { name: '示例松北精密制造有限公司' }).waitFor();
    const approval = await openDialog(page, page.getByRole('button', { name: btn('核定') }));
    await approval.getByLabel('核定额度（元）', { exact: true }).fill('30000');
    await approval.getByRole('button', { name: btn('确定') }).click();
    await statusTag(page, '已核定');
    await page.getByRole('cell', { name: '30,000 元' }).first().waitFor();
    await ctx.close();
  }, 180_000);

  it('shows the enterprise the split per body before it confirms a claim, and books it', async () => {
    const { ctx, page } = await session('e@example.org');
    await page.goto(`${base}/vouchers`);
    await page.getByRole('cell', { name: '示例工业大学分析测试中心' }).waitFor();
    const dialog = await openDialog(page, page.getByRole('button', { name: /申领创新券/ }));
    // The one approved quota is chosen; the server's preview: 60 % and 30 % of 12,345, each rounded down.
    await dialog.getByRole('cell', { name: '7,407 元' }).waitFor();
    await dialog.getByRole('cell', { name: '3,703 元' }).waitFor();
    await dialog.getByRole('cell', { name: '11,110 元' }).waitFor();
    await dialog
      .getByText(/哈尔滨服务机构 \+30%/)
      .first()
      .waitFor();
    // The 平房 body pays nothing for an enterprise in 松北, and says so.
    await dialog
      .getByText(/仅补助平房企业，本企业在松北/)
      .first()
      .waitFor();
    await take(page, '3-enterprise-claim-preview', 'voucher-claim');
    await dialog.getByRole('button', { name: /确认申领/ }).click();
    await dialog.getByText('补助合计 11,110 元').waitFor();
    await dialog.getByRole('button', { name: btn('完成') }).click();
    await statusTag(page, '已入账');
    // Claimed: the record leaves the list of claimable ones.
    await page.getByRole('button', { name: /申领创新券/ }).waitFor({ state: 'detached' });
    // The quota's remainder: 30,000 − 11,110.
    await page.getByRole('cell', { name: '18,890 元' }).waitFor();
    // An approved quota with a claim booked against it can no longer be withdrawn.
    expect(await page.getByRole('button', { name: /撤回/ }).count()).toBe(0);
    await shot(page, '4-enterprise-vouchers', 'vouchers');
    await ctx.close();
  }, 180_000);

  it('lets the coordinator settle the month and download the CSV for the finance office', async () => {
    const { ctx, page } = await session('c@example.org');
    // The dashboard's 创新券 section: the claim booked today, by body and by district pair.
    const figures = await api<{ byBody: Array<{ body: string; amountYuan: number }> }>(
      'GET',
      '/stats/vouchers',
      undefined,
      'c',
    );
    expect(figures.byBody.map((b) => [b.body, b.amountYuan])).toEqual([
      ['黑龙江省科学技术厅', 7407],
      ['哈尔滨市科学技术局', 3703],
      ['平房区科学技术局', 0],
    ]);
    await page.goto(`${base}/stats`);
    const stats = page.locator('.ant-card', { hasText: '按出资单位' });
    await stats.getByRole('cell', { name: '7,407 元' }).waitFor({ timeout: 30_000 });
    await stats.getByRole('cell', { name: '11,110 元' }).waitFor();
    // Only an ended Harbin month is settled: the claim is moved into last month (past the table's own guard
    // against changed claims, for this one move of the clock).
    await sql.query('BEGIN');
    await sql.query('ALTER TABLE voucher_claims DISABLE TRIGGER tg_voucher_claims_immutable');
    await sql.query(
      `UPDATE voucher_claims
          SET created_at = (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - interval '10 days') AT TIME ZONE 'Asia/Shanghai'`,
    );
    await sql.query('ALTER TABLE voucher_claims ENABLE TRIGGER tg_voucher_claims_immutable');
    await sql.query('COMMIT');
    const month = harbinMonth(-1);
    await page.goto(`${base}/voucher-programmes/${programmeId}?tab=ledger`);
    await page.getByRole('cell', { name: '应付服务机构' }).first().waitFor();
    await page.goto(`${base}/voucher-programmes/${programmeId}?tab=settlements`);
    const picker = page.locator('#settle-month');
    await picker.click();
    await picker.fill(month);
    await picker.press('Enter');
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: /结算该月/ }).click();
    await page.getByRole('cell', { name: month, exact: true }).waitFor();
    await page.getByRole('cell', { name: '11,110 元' }).waitFor();
    await shot(page, '5-coordinator-settlement', 'voucher-settlement');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载 CSV（GBK）/ }).click(),
    ]);
    const bytes = readFileSync(await download.path());
    const text = iconv.decode(bytes, 'gbk');
    expect(text).toContain('示例松北精密制造有限公司');
    expect(text).toContain('示例工业大学分析测试中心');
    expect(text).toContain('11110');
    // Not UTF-8: the Chinese names are GBK bytes.
    expect(bytes.includes(Buffer.from('示例松北', 'utf8'))).toBe(false);
    // The UTF-8 option: a BOM, then the same names.
    const [utf8] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'UTF-8', exact: true }).click(),
    ]);
    const utf8Bytes = readFileSync(await utf8.path());
    expect([...utf8Bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(utf8Bytes.toString('utf8')).toContain('示例松北精密制造有限公司');

    // The claim is settled on the enterprise's side too.
    const claims = await api<{ items: Array<{ status: string }> }>('GET', '/voucher-claims', undefined, 'e');
    expect(claims.items.map((c) => c.status)).toEqual(['settled']);
    await page.goto(`${base}/voucher-programmes/${programmeId}?tab=providers`);
    await page.getByRole('cell', { name: '示例工业大学分析测试中心' }).waitFor();
    await shot(page, '6-coordinator-providers', 'voucher-providers');
    await ctx.close();
  }, 180_000);

  it('left no errors in the browser console (a CSP violation is one)', () => {
    expect(pages.errors).toEqual([]);
  });
});
