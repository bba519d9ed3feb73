/// <reference lib="dom" />
import { execSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REDIS_URL } from './pg-admin.js';
import { freePort, ROOT, runNode, type Proc } from './processes.js';
import { createTestDatabase } from './test-app.js';

// What the console's browser tests share: the built app (API and worker processes) on its own database, Debian's
// Chromium, sign-in through the form, screenshots, and every browser console error (a CSP violation is one) kept
// for the last test of a file to check.

/**
 * How long a page's action or wait may take. CI runs two test files at once on two cores, each with its own API,
 * worker and Chromium: a page can then take many seconds to answer, and a wait that is too short fails a test that
 * is right.
 */
const ACTION_TIMEOUT_MS = 30_000;

export const ADMIN = { email: 'admin@example.org', password: 'Admin-Pass-2026!' };
export const PASSWORD = 'User-Pass-2026!';
const DOCS = path.join(ROOT, 'docs', 'screenshots');

export interface ApiCall {
  <T>(method: string, p: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
}

/** The API's address (`base`, without /api/v1) and a way to call it. */
export interface ConsoleServer {
  base: string;
  call: ApiCall;
  login: (email: string, password?: string) => Promise<string>;
  api: Proc;
  stop: () => Promise<void>;
}

export interface ConsoleApp extends ConsoleServer {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  env: Record<string, string>;
  worker: Proc | null;
}

const apiCall =
  (base: string): ApiCall =>
  async <T>(method: string, p: string, body?: unknown, token?: string) => {
    const r = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
  };

/** One more API process on the app's database, with `env` changed (e.g. PUBLIC_HALLS=false). */
export async function startApi(env: Record<string, string>): Promise<ConsoleServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = runNode('main.js', { ...env, PORT: String(port) });
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${base}/health/ready`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const call = apiCall(base);
  return {
    base,
    call,
    api,
    login: async (email, password = PASSWORD) =>
      (await call<{ accessToken: string }>('POST', '/auth/login', { email, password })).body.accessToken,
    stop: async () => {
      api.child.kill('SIGTERM');
      await api.exited;
    },
  };
}

/** The built app on a database of its own, with the first admin; the worker too unless `worker: false`. */
export async function startConsoleApp({
  worker = true,
  env: extra = {},
}: { worker?: boolean; env?: Record<string, string> } = {}): Promise<ConsoleApp> {
  const db = await createTestDatabase();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: db.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: db.queuePrefix,
    JWT_SECRET: 'console-test-secret-0123456789abcdef0123',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    ...extra,
  };
  const server = await startApi(env);
  const w = worker ? runNode('worker.js', { ...env, LOG_LEVEL: 'info' }) : null;
  await w?.waitFor(/catalogue loaded/);
  return {
    ...server,
    db,
    env,
    worker: w,
    stop: async () => {
      w?.child.kill('SIGTERM');
      await Promise.all([server.stop(), w?.exited]);
      await db.drop();
    },
  };
}

/** Debian's Chromium, headless. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = execSync('command -v chromium || command -v chromium-browser', {
    encoding: 'utf8',
    shell: '/bin/bash',
  }).trim();
  return chromium.launch({
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
}

/**
 * A browser's pages for one test file: each page's console errors (CSP violations among them; a failed request's
 * own line is the test's business) and uncaught exceptions are kept in `errors`.
 */
export function consolePages(browser: () => Browser, base: () => string) {
  const errors: string[] = [];
  const watch = (page: Page, who: string) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`${who}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
  };
  // A person who asked their system for less motion: the console then opens dialogs and dropdowns without
  // animating them, so no click lands on one still zooming in.
  const newContext = (viewport?: { width: number; height: number }) =>
    browser().newContext({
      viewport: viewport ?? { width: 1280, height: 860 },
      locale: 'zh-CN',
      reducedMotion: 'reduce',
    });
  return {
    errors,
    /** A visitor who has not signed in. */
    visitor: async (viewport?: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page }> => {
      const ctx = await newContext(viewport);
      const page = await ctx.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      watch(page, 'visitor');
      return { ctx, page };
    },
    /** Signs in through the form, as a person would. */
    session: async (
      email: string,
      viewport?: { width: number; height: number },
    ): Promise<{ ctx: BrowserContext; page: Page }> => {
      const ctx = await newContext(viewport);
      const page = await ctx.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      watch(page, email);
      await page.goto(`${base()}/login`);
      await page.getByLabel('邮箱').fill(email);
      await page.getByLabel('密码').fill(email === ADMIN.email ? ADMIN.password : PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => u.pathname !== '/' && !u.pathname.startsWith('/login'));
      return { ctx, page };
    },
  };
}

/**
 * Screenshots of each step into test-artifacts/<dir>/ and, with UPDATE_SCREENSHOTS=1, the README's pictures
 * (`doc`) into docs/screenshots/.
 */
export function screenshots(dir: string) {
  const shots = path.join(ROOT, 'test-artifacts', dir);
  mkdirSync(shots, { recursive: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') mkdirSync(DOCS, { recursive: true });
  return async (page: Page, name: string, doc?: string) => {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (doc && process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(file, path.join(DOCS, `${doc}.png`));
  };
}

/** A screenshot taker that first waits for the page's messages (toasts) to go, so that they do not cover it. */
export function withoutToasts(take: ReturnType<typeof screenshots>): ReturnType<typeof screenshots> {
  return async (page, name, doc) => {
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10000 });
    await take(page, name, doc);
  };
}
