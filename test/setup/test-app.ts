import type { DynamicModule, INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { WorkerModule } from '../../src/worker.module.js';
import { migrateDatabase } from '../../src/database/ensure-database.js';
import { removeQueueKeys } from '../../scripts/lib/queue-keys.js';
import { adminQuery, databaseUrl, REDIS_URL, templateName, withAdvisoryLock } from './pg-admin.js';

export const ADMIN = { email: 'admin@example.org', password: 'Admin-Pass-2026!' };

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: () => TestAgent;
  /** Starts a worker (BullMQ workers and the outbox relay) in this process, on the same database and queues. */
  startWorker: () => Promise<INestApplicationContext>;
  /** Starts a second API process's worth of app on the same database, queues and configuration (closed by close()). */
  startAnotherApi: () => Promise<{ app: INestApplication; http: () => TestAgent }>;
  close: () => Promise<void>;
}

/**
 * A real API on its own database (cloned from the run's migrated template) and its own queue prefix, against the
 * machine's PostgreSQL and Redis. `close()` stops it and removes both.
 */
/** A fresh, migrated database of this test run, and a queue prefix of its own. */
export async function createTestDatabase(): Promise<{
  name: string;
  databaseUrl: string;
  queuePrefix: string;
  drop: () => Promise<void>;
}> {
  const runId = process.env.TECHMATCH_TEST_RUN;
  if (!runId) throw new Error('TECHMATCH_TEST_RUN is not set: run the e2e tests through Jest (globalSetup)');
  await ensureTemplate(runId);
  const name = `techmatch_test_${runId}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${templateName(runId)}"`);
  const queuePrefix = `test-${name}`;
  return {
    name,
    databaseUrl: databaseUrl(name),
    queuePrefix,
    drop: async () => {
      await removeQueueKeys(REDIS_URL, queuePrefix);
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/**
 * A provider the test replaces with a value of its own, in the API and in its workers: data the release ships (a
 * model, say), never our infrastructure.
 */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

async function createApi(module: DynamicModule, overrides: ProviderOverride[]): Promise<INestApplication> {
  if (!overrides.length) return NestFactory.create(module, { bodyParser: false, logger: false });
  let builder = Test.createTestingModule({ imports: [module] });
  for (const o of overrides) builder = builder.overrideProvider(o.provide).useValue(o.useValue);
  return (await builder.compile()).createNestApplication({ bodyParser: false, logger: false });
}

async function createContext(module: DynamicModule, overrides: ProviderOverride[]): Promise<INestApplicationContext> {
  if (!overrides.length) return NestFactory.createApplicationContext(module, { logger: false });
  let builder = Test.createTestingModule({ imports: [module] });
  for (const o of overrides) builder = builder.overrideProvider(o.provide).useValue(o.useValue);
  const context = await builder.compile();
  context.useLogger(false);
  return context;
}

export async function createTestApp(
  env: Record<string, string> = {},
  overrides: ProviderOverride[] = [],
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.databaseUrl,
    REDIS_URL,
    JWT_SECRET: 'test-secret-0123456789abcdef0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    QUEUE_PREFIX: db.queuePrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const app = await createApi(AppModule.register(config), overrides);
  configureApp(app, config);
  await app.init();
  const workers: INestApplicationContext[] = [];
  const apis: INestApplication[] = [];
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    startWorker: async () => {
      const w = await createContext(WorkerModule.register(config), overrides);
      await w.init();
      workers.push(w);
      return w;
    },
    startAnotherApi: async () => {
      const other = await createApi(AppModule.register(config), overrides);
      configureApp(other, config);
      await other.init();
      apis.push(other);
      return { app: other, http: () => request(other.getHttpServer()) };
    },
    close: async () => {
      for (const w of workers) await w.close();
      for (const a of apis) await a.close();
      await app.close();
      await db.drop();
    },
  };
}

/** The first test file of a run migrates the template; the others wait for it (advisory lock). */
async function ensureTemplate(runId: string): Promise<void> {
  await withAdvisoryLock(`techmatch-test-template-${runId}`, async (exists) => {
    if (!(await exists(templateName(runId)))) await migrateDatabase(databaseUrl(templateName(runId)));
  });
}
