// Runs the product in-process for scripts (demo, eval, bench): the API on an ephemeral port, and optionally a
// worker, against the configured PostgreSQL and Redis, talking to it over HTTP like any client.
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { PasswordService } from '../../src/modules/auth/password.service.js';
import { UsersRepository } from '../../src/modules/auth/users.repository.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { migrateDatabase } from '../../src/database/ensure-database.js';
import { WorkerModule } from '../../src/worker.module.js';

export interface Harness {
  base: string;
  api: INestApplication;
  worker: INestApplicationContext | null;
  db: DataSource;
  call: <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    /** Extra headers; with a `content-type`, a Buffer body is sent as it is (uploads). */
    headers?: Record<string, string>,
  ) => Promise<{ status: number; body: T }>;
  login: (email: string, password: string) => Promise<string>;
  /** Waits until every queued matching job has finished (the outbox holds none unfinished). */
  settle: (timeoutMs?: number, onProgress?: (pending: number) => void) => Promise<void>;
  close: () => Promise<void>;
}

export async function startHarness(config: AppConfig, opts: { worker: boolean }): Promise<Harness> {
  await migrateDatabase(config.databaseUrl);
  const api = await NestFactory.create(AppModule.register(config), { bodyParser: false, logger: false });
  configureApp(api, config);
  await api.listen(0, '127.0.0.1');
  const server = api.getHttpServer() as { address: () => AddressInfo };
  const port = server.address().port;
  const base = `http://127.0.0.1:${port}/api/v1`;
  let worker: INestApplicationContext | null = null;
  if (opts.worker) {
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: false });
    await worker.init();
  }
  const db = api.get(DataSource);
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ) => {
    const raw = Buffer.isBuffer(body);
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    base,
    api,
    worker,
    db,
    call,
    login: async (email, password) => {
      const r = await call<{ accessToken: string }>('POST', '/auth/login', { email, password });
      if (r.status !== 200) throw new Error(`sign-in as ${email} failed (${r.status})`);
      return r.body.accessToken;
    },
    settle: async (timeoutMs = 600_000, onProgress) => {
      const end = Date.now() + timeoutMs;
      let last = -1;
      for (;;) {
        const [{ pending }] = await db.query<Array<{ pending: number }>>(
          `SELECT count(*)::int AS pending FROM job_outbox WHERE completed_at IS NULL AND failed_at IS NULL`,
        );
        if (pending === 0) return;
        if (pending !== last) onProgress?.(pending);
        last = pending;
        if (Date.now() > end) throw new Error(`matching did not finish: ${pending} jobs still pending`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    close: async () => {
      await worker?.close();
      await api.close();
    },
  };
}

/** Splits items into batches the API takes: at most 1,000 items and well under the 1 MB body limit. */
export function batches<T>(items: T[], maxItems = 1000, maxBytes = 900_000): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length && (current.length >= maxItems || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * An admin account for a script, made directly in the database when missing (the service's own first admin may
 * have a password the script does not know), in an organisation created for it. Returns a token.
 */
export async function scriptAdmin(
  h: Harness,
  account: { email: string; password: string; name: string },
  org: { kind: string; name: string; district: string },
): Promise<string> {
  const users = h.api.get(UsersRepository);
  if (!(await users.findByEmail(account.email))) {
    const [row] = await h.db.query<Array<{ id: string }>>(
      `INSERT INTO organizations (kind, name, district) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [org.kind, org.name, org.district],
    );
    const passwordHash = await h.api.get(PasswordService).hash(account.password);
    await users.insert(h.db.manager, {
      email: account.email,
      passwordHash,
      name: account.name,
      role: 'admin',
      organizationId: row.id,
    });
  }
  return h.login(account.email, account.password);
}
