// `npm run screenshots`: the README's pictures of the console, taken in Debian's Chromium with the demo data
// (run `npm run demo` first, against the same DATABASE_URL). Writes docs/screenshots/*.png.
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { loadConfigOrExit } from '../src/config/app-config.js';
import { ROOT } from './lib/datasets.js';
import { startHarness } from './lib/harness.js';

const PASSWORD = 'Demo-Pass-2026!';
const OUT = path.join(ROOT, 'docs', 'screenshots');

const config = loadConfigOrExit();
const h = await startHarness({ ...config, logLevel: 'error' }, { worker: false });
const origin = h.base.replace(/\/api\/v1$/, '');
mkdirSync(OUT, { recursive: true });
const executablePath = execSync('command -v chromium || command -v chromium-browser', {
  encoding: 'utf8',
  shell: '/bin/bash',
}).trim();
const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

async function as(email: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1 })).newPage();
  await page.goto(`${origin}/login`);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => u.pathname !== '/' && !u.pathname.startsWith('/login'));
  await page.waitForLoadState('networkidle');
  return page;
}

async function save(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
  process.stdout.write(`  docs/screenshots/${name}.png\n`);
}

try {
  const login = await (await browser.newContext({ viewport: { width: 1280, height: 760 }, locale: 'zh-CN' })).newPage();
  await login.goto(`${origin}/login`);
  await save(login, 'login');

  const coord = await as('demo-coordinator@example.org');
  await coord.getByRole('row').nth(1).click();
  await coord.locator('mark').first().waitFor();
  await save(coord, 'review', true);

  const ent = await as('demo-enterprise@example.org');
  await save(ent, 'needs');
  // The demo approves one match for the enterprise's first showcase need: show that need.
  const [shown] = await h.db.query<Array<{ need_id: string }>>(
    `SELECT need_id FROM matches WHERE status = 'approved' LIMIT 1`,
  );
  await ent.goto(`${origin}/needs/${shown?.need_id ?? ''}`);
  await ent.locator('.ant-list-item').first().waitFor();
  await save(ent, 'need-detail', true);
  await ent.goto(`${origin}/needs/new`);
  await save(ent, 'need-form', true);

  const uni = await as('demo-university@example.org');
  await uni.goto(`${origin}/capabilities/new`);
  await save(uni, 'capability-form', true);

  const admin = await as('demo-admin@example.org');
  await save(admin, 'admin-organizations');
  await admin.goto(`${origin}/admin/taxonomies`);
  await admin.getByRole('row').nth(1).click();
  await save(admin, 'admin-taxonomies');

  const phone = await as('demo-enterprise@example.org', { width: 390, height: 844 });
  await save(phone, 'phone');

  // The halls as a visitor sees them, never signed in: a search with its words marked, and a facet chosen.
  const visitor = await (
    await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', deviceScaleFactor: 1 })
  ).newPage();
  await visitor.goto(`${origin}/hall/needs?q=${encodeURIComponent('机器人 检测')}`);
  await visitor.locator('li mark').first().waitFor();
  await save(visitor, 'hall-needs');
  await visitor.goto(`${origin}/hall/capabilities?q=${encodeURIComponent('电池')}&trl=4`);
  await visitor.locator('li mark').first().waitFor();
  await save(visitor, 'hall-capabilities');

  // 揭榜挂帅: the demo's challenge (at the application stage) as its coordinator runs it. The other challenge pages
  // are taken by the browser test that runs one whole challenge (test/challenges-console.e2e-spec.ts).
  const challenges = await as('demo-coordinator@example.org');
  await challenges.goto(`${origin}/challenges`);
  await challenges.getByRole('row').nth(1).getByRole('link').first().click();
  await challenges.getByRole('tab').first().waitFor();
  await save(challenges, 'challenge-detail', true);
} finally {
  await browser.close();
  await h.close();
}
process.exit(0);
