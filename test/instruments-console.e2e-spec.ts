/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { capabilityBody } from './factories/listings.js';
import { btn, confirmPopup, openDialog, pick, statusTag, typeDate } from './setup/console-actions.js';
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

// 仪器共享与检验检测 in Debian's Chromium, against the built app. A university's member adds an instrument to its
// equipment capability (weekday opening hours, a Saturday morning after an overlapping window is refused in the
// form, a blackout date); an enterprise finds it, reads its week calendar (Mon–Sun, half hours, the blackout day) and
// requests two hours by clicking the first and the last half hour; the provider sees who asked and confirms; the
// slot is then taken — named for the provider, anonymous for another enterprise; the booking (moved into the past
// in the database, the clock's business) is marked completed with the minutes used, which writes a service record;
// the provider records the payment with its invoice number and the enterprise rates it. Then a testing order from
// the service capability's page: quoted and accepted, samples received, tested, the PDF report uploaded and
// downloaded byte for byte by the enterprise, which closes it. Screenshots go to test-artifacts/instruments/ (and
// docs/screenshots/ with UPDATE_SCREENSHOTS=1).
const take = screenshots('instruments');
const shot = withoutToasts(take);

// Harbin dates (UTC+8, no DST), whatever the machine's zone.
const harbinToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const mondayOf = (d: string) => plusDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7));
const WEEKDAY = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

describe('仪器共享与检验检测 in the console: a booking and a testing order, each to a paid and rated service', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let base: string;
  const org: Record<string, string> = {};
  const token: Record<string, string> = {};
  let equipmentId = '';
  let serviceId = '';
  let instrumentId = '';
  let orderId = '';
  const pages = consolePages(
    () => browser,
    () => base,
  );
  // Next week (Harbin): the enterprise books its Tuesday 09:00–11:00; its Wednesday is a blackout date.
  const nextMonday = plusDays(mondayOf(harbinToday()), 7);
  const tuesday = plusDays(nextMonday, 1);
  const wednesday = plusDays(nextMonday, 2);
  const cell = (page: Page, date: string, weekday: number, time: string, state: string) =>
    page.getByRole('gridcell', { name: `${WEEKDAY[weekday - 1]} ${date} ${time} ${state}`, exact: true });

  const { session } = pages;
  const api = async <T>(method: string, path: string, body: unknown, who: string, expected = 200) => {
    const r = await app.call<T>(method, path, body, token[who]);
    if (r.status !== expected) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    app = await startConsoleApp({ worker: false });
    base = app.base;
    token.admin = await app.login(ADMIN.email, ADMIN.password);
    for (const [key, kind, name, district] of [
      ['uni', 'university', '示例理工大学', '南岗'],
      ['ent', 'enterprise', '示例甲科技有限公司', '平房'],
      ['other', 'enterprise', '示例乙材料有限公司', '香坊'],
    ]) {
      org[key] = (await api<{ id: string }>('POST', '/organizations', { kind, name, district }, 'admin', 201)).id;
    }
    for (const [who, orgKey, name] of [
      ['p', 'uni', '李老师'],
      ['e', 'ent', '企业王'],
      ['f', 'other', '企业赵'],
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
    equipmentId = (
      await api<{ id: string }>(
        'POST',
        '/capabilities',
        capabilityBody({
          kind: 'equipment',
          title: '扫描电镜与能谱分析共享平台',
          description: '场发射扫描电镜，可做形貌观察与能谱分析，面向企业开放共享。',
          cooperationModes: ['technical_service'],
        }),
        'p',
        201,
      )
    ).id;
    serviceId = (
      await api<{ id: string }>(
        'POST',
        '/capabilities',
        capabilityBody({
          kind: 'service',
          title: '金属材料力学性能检测',
          description: '拉伸、冲击、硬度检测，出具CMA检测报告。',
          cooperationModes: ['technical_service'],
        }),
        'p',
        201,
      )
    ).id;
    browser = await launchChromium();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  }, 180000);

  it('lets the provider add an instrument with opening hours and a blackout date on its equipment capability', async () => {
    const { ctx, page } = await session('p@example.org');
    await page.goto(`${base}/capabilities/${equipmentId}`);
    await page.getByText('共享仪器', { exact: true }).first().waitFor();
    await page.getByText('尚未添加仪器。').waitFor();
    const dialog = await openDialog(page, page.getByRole('button', { name: /添加仪器/ }));
    await dialog.getByLabel('仪器名称', { exact: true }).fill('场发射扫描电子显微镜');
    await dialog.getByLabel('型号', { exact: true }).fill('Hitachi SU8020');
    await dialog.getByLabel('地址', { exact: true }).fill('南岗区西大直街92号 材料楼105室');
    await dialog.getByLabel('价格（元）', { exact: true }).fill('400');
    await dialog.getByRole('button', { name: /工作日 09:00–17:00/ }).click();
    // A sixth window: Monday 09:00–17:00 by default, which overlaps the first: refused before it is sent.
    await dialog.getByRole('button', { name: /添加时段/ }).click();
    await dialog.getByRole('button', { name: btn('保存') }).click();
    await dialog.getByText('时段 6：与同一天的其他时段重叠').waitFor();
    await pick(page, dialog.getByLabel('星期 6', { exact: true }), '周六');
    const end = dialog.getByLabel('结束 6', { exact: true });
    await end.click();
    await end.fill('12:00');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^12:00$/ }).click();
    await dialog.locator('.ant-select-content-has-value', { hasText: /^12:00$/ }).waitFor();
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
    const blackout = dialog.getByLabel('停用日期', { exact: true });
    await blackout.fill(wednesday);
    await blackout.press('Enter');
    await dialog.locator('.ant-select-selection-item', { hasText: wednesday }).waitFor();
    // The overlap is mended: its message goes.
    expect(await dialog.getByText('时段 6：与同一天的其他时段重叠').count()).toBe(0);
    await dialog.getByText('型号', { exact: true }).click();
    await page.setViewportSize({ width: 1280, height: 1200 });
    await shot(page, '1-provider-adds-instrument', 'instrument-form');
    await page.setViewportSize({ width: 1280, height: 860 });
    await dialog.getByRole('button', { name: btn('保存') }).click();
    await page.getByText('仪器已保存。').waitFor();
    await page.getByRole('link', { name: '场发射扫描电子显微镜' }).waitFor();
    await page
      .getByText('一 09:00–17:00；二 09:00–17:00；三 09:00–17:00；四 09:00–17:00；五 09:00–17:00；六 09:00–12:00')
      .waitFor();
    const list = await api<{ items: Array<{ id: string; blackoutDates: string[] }> }>(
      'GET',
      `/capabilities/${equipmentId}/instruments`,
      undefined,
      'p',
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0].blackoutDates).toEqual([wednesday]);
    instrumentId = list.items[0].id;
    await shot(page, '2-capability-instruments', 'capability-instruments');
    await ctx.close();
  }, 180000);

  it('shows an enterprise the week calendar, where it requests two hours by clicking the first and last half hour', async () => {
    const { ctx, page } = await session('e@example.org');
    await page.getByRole('menuitem', { name: '共享仪器' }).click();
    await page.waitForURL(/\/instruments$/);
    await page.getByRole('cell', { name: '示例理工大学' }).waitFor();
    await page.getByRole('cell', { name: '400 元 / 小时' }).waitFor();
    await shot(page, '3-instruments', 'instruments');
    await page.getByRole('link', { name: '场发射扫描电子显微镜' }).click();
    await page.waitForURL(new RegExp(`/instruments/${instrumentId}`));
    await page.getByRole('button', { name: /下一周/ }).click();
    await page.getByText(`${nextMonday} 至 ${plusDays(nextMonday, 6)}`).waitFor();

    // Half-hour rows from 09:00 to 16:30, Monday to Sunday; Wednesday is a blackout day, Saturday closes at noon.
    await cell(page, nextMonday, 1, '09:00', '空闲').waitFor();
    await cell(page, nextMonday, 1, '16:30', '空闲').waitFor();
    await cell(page, wednesday, 3, '10:00', '停用').waitFor();
    await cell(page, plusDays(nextMonday, 5), 6, '11:30', '空闲').waitFor();
    await cell(page, plusDays(nextMonday, 5), 6, '12:00', '不开放').waitFor();
    await cell(page, plusDays(nextMonday, 6), 7, '09:00', '不开放').waitFor();
    expect(await page.getByRole('gridcell').count()).toBe(16 * 7);

    await cell(page, tuesday, 2, '09:00', '空闲').click();
    await page.getByText(`已选择开始时段 ${tuesday.slice(5)} 09:00`).waitFor();
    const dialog = await openDialog(page, cell(page, tuesday, 2, '10:30', '空闲'));
    await dialog.getByText(`${tuesday} 09:00–11:00`).waitFor();
    await dialog.getByText('120 分钟').waitFor();
    await dialog.getByText('800 元').waitFor();
    await dialog.getByLabel('用途说明', { exact: true }).fill('观察锂电池正极材料表面形貌');
    await dialog.getByRole('button', { name: /申请预约/ }).click();
    await page.getByText('预约申请已提交，等待服务单位确认。').waitFor();
    await cell(page, tuesday, 2, '09:00', '本单位待确认').waitFor();
    await cell(page, tuesday, 2, '10:30', '本单位待确认').waitFor();
    await cell(page, tuesday, 2, '11:00', '空闲').waitFor();
    await shot(page, '4-enterprise-requests', 'instrument-calendar-request');
    await ctx.close();
  }, 180000);

  it('lets the provider see who asked and confirm; the slot is then taken, anonymous to other enterprises', async () => {
    const { ctx, page } = await session('p@example.org');
    await page.goto(`${base}/instruments/${instrumentId}?week=${nextMonday}`);
    const waiting = page.locator('.ant-card', { hasText: '待确认 · 仪器预约' });
    await waiting.getByRole('cell', { name: '示例甲科技有限公司' }).waitFor();
    await waiting.getByRole('cell', { name: `${tuesday} 09:00–11:00` }).waitFor();
    await waiting.getByRole('button', { name: btn('确认') }).click();
    await page.getByText('已确认。').waitFor();
    await waiting.getByText('没有预约。').waitFor();
    // The provider sees who booked each taken half hour.
    const taken = cell(page, tuesday, 2, '09:00', '已被预约');
    await taken.waitFor();
    expect(await taken.textContent()).toBe('示例甲科技有限公司');
    await shot(page, '5-provider-calendar', 'instrument-calendar');
    await page.goto(`${base}/bookings`);
    await page.getByRole('tab', { name: '收到的预约' }).waitFor();
    await page.getByRole('cell', { name: '已确认' }).waitFor();
    await shot(page, '6-provider-bookings', 'bookings');
    await ctx.close();

    const other = await session('f@example.org');
    await other.page.goto(`${base}/instruments/${instrumentId}?week=${nextMonday}`);
    const seen = cell(other.page, tuesday, 2, '10:30', '已被预约');
    await seen.waitFor();
    expect(await seen.textContent()).toBe('');
    expect(await other.page.getByText('示例甲科技有限公司').count()).toBe(0);
    await other.ctx.close();

    const own = await session('e@example.org');
    await own.page.goto(`${base}/instruments/${instrumentId}?week=${nextMonday}`);
    await cell(own.page, tuesday, 2, '09:00', '本单位已预约').waitFor();
    await own.ctx.close();
  }, 180000);

  it('lets the provider mark the used booking completed, which records the service; it is paid and rated', async () => {
    // The booked morning has passed: the clock's business, moved in the database.
    const client = new pg.Client({ connectionString: app.db.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `UPDATE instrument_bookings
            SET period = tstzrange(lower(period) - interval '10 days', upper(period) - interval '10 days', '[)')
          WHERE instrument_id = $1`,
        [instrumentId],
      );
    } finally {
      await client.end();
    }
    const { ctx, page } = await session('p@example.org');
    await page.getByRole('menuitem', { name: '仪器预约' }).click();
    await page.waitForURL(/\/bookings/);
    const dialog = await openDialog(page, page.getByRole('button', { name: /标记完成/ }));
    await dialog.getByLabel('实际使用时长（分钟）', { exact: true }).fill('90');
    await dialog.getByRole('button', { name: btn('确定') }).click();
    await page.getByText('已标记完成。').waitFor();
    await page.getByRole('cell', { name: '已完成' }).waitFor();
    await page.getByRole('cell', { name: '600 元' }).waitFor();

    await page.getByRole('menuitem', { name: '服务记录' }).click();
    await page.waitForURL(/\/service-records/);
    await page.getByRole('cell', { name: '600 元' }).waitFor();
    await page.getByRole('cell', { name: '1.5 小时' }).waitFor();
    const payment = await openDialog(page, page.getByRole('button', { name: /登记付款/ }));
    await payment.getByLabel('发票号码', { exact: true }).fill('04400210011112345678');
    await payment.getByRole('button', { name: btn('确定') }).click();
    await page.getByText('付款已登记。').waitFor();
    await page.getByText('发票号码 04400210011112345678').waitFor();
    expect(await page.getByRole('button', { name: /登记付款/ }).count()).toBe(0);
    await ctx.close();

    const e = await session('e@example.org');
    await e.page.goto(`${base}/service-records`);
    const rate = await openDialog(e.page, e.page.getByRole('button', { name: /评价服务/ }));
    await rate.locator('.ant-rate-star').nth(4).click();
    await rate.getByLabel('评价内容', { exact: true }).fill('操作员很专业，图像清晰。');
    await rate.getByRole('button', { name: btn('提交') }).click();
    await e.page.getByText('评价已提交。').waitFor();
    await e.page.getByText('操作员很专业，图像清晰。').waitFor();
    expect(await e.page.getByRole('button', { name: /评价服务/ }).count()).toBe(0);
    const records = await api<{ items: Array<{ amountYuan: number; rating: number; paymentRef: string }> }>(
      'GET',
      '/service-records?role=enterprise',
      undefined,
      'e',
    );
    expect(records.items).toEqual([
      expect.objectContaining({ amountYuan: 600, rating: 5, paymentRef: '04400210011112345678' }),
    ]);
    await shot(e.page, '7-service-records', 'service-records');
    await e.ctx.close();
  }, 180000);

  it('takes a testing order from the service capability’s page to a downloaded PDF report', async () => {
    const e = await session('e@example.org');
    await e.page.goto(`${base}/capabilities/${serviceId}`);
    const form = await openDialog(e.page, e.page.getByRole('button', { name: /委托检测/ }));
    await form.getByLabel('样品说明', { exact: true }).fill('Q355B 钢板拉伸试样，厚度 12 mm');
    await form.getByLabel('检测标准', { exact: true }).fill('GB/T 228.1-2021');
    await form.getByLabel('样品数量', { exact: true }).fill('6');
    await form.getByLabel('检测项目数量', { exact: true }).fill('6');
    await form.getByRole('button', { name: btn('提交') }).click();
    await e.page.waitForURL(/\/testing-orders\/[0-9a-f-]{36}$/);
    orderId = new URL(e.page.url()).pathname.split('/').pop()!;
    await statusTag(e.page, '待受理');
    await e.page.getByText('GB/T 228.1-2021').first().waitFor();
    await e.ctx.close();

    const { ctx, page } = await session('p@example.org');
    await page.getByRole('menuitem', { name: '委托检测' }).click();
    await page.waitForURL(/\/testing-orders/);
    await page.getByRole('cell', { name: '示例甲科技有限公司' }).waitFor();
    await shot(page, '8-provider-testing-orders', 'testing-orders');
    await page.getByRole('link', { name: '金属材料力学性能检测' }).click();
    await page.waitForURL(new RegExp(`/testing-orders/${orderId}$`));
    const quote = await openDialog(page, page.getByRole('button', { name: /报价受理/ }));
    await quote.getByLabel('单价（元）', { exact: true }).fill('150');
    await quote.getByText('6 × 150 = 900 元').waitFor();
    await typeDate(page, '#dueDate', plusDays(harbinToday(), 14));
    await quote.getByRole('button', { name: btn('确定') }).click();
    await statusTag(page, '已受理');
    await page.getByText('900 元', { exact: true }).waitFor();
    for (const [step, after] of [
      ['确认收样', '已收样'],
      ['开始检测', '检测中'],
    ]) {
      await confirmPopup(page, page.getByRole('button', { name: new RegExp(step) }));
      await statusTag(page, after);
    }
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% Q355B 拉伸检测报告\ntrailer <<>>\n%%EOF\n');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '检测报告.pdf', mimeType: 'application/pdf', buffer: pdf });
    await statusTag(page, '已出报告');
    await page.getByRole('link', { name: /检测报告\.pdf/ }).waitFor();
    await ctx.close();

    const own = await session('e@example.org');
    await own.page.goto(`${base}/testing-orders/${orderId}`);
    await statusTag(own.page, '已出报告');
    const [download] = await Promise.all([
      own.page.waitForEvent('download'),
      own.page.getByRole('button', { name: /下载报告/ }).click(),
    ]);
    expect(readFileSync(await download.path())).toEqual(pdf);
    await confirmPopup(own.page, own.page.getByRole('button', { name: /确认报告并关闭/ }));
    await statusTag(own.page, '已关闭');
    await shot(own.page, '9-testing-order', 'testing-order');

    await own.page.goto(`${base}/service-records`);
    await own.page.getByRole('cell', { name: '900 元' }).waitFor();
    await own.page.getByText('委托检测 · ').waitFor();
    await own.ctx.close();
  }, 180000);

  it('left no errors in the browser console (a CSP violation is one)', () => {
    expect(pages.errors).toEqual([]);
  });
});
