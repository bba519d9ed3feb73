import { readdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntitySchema } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { migrations } from '../src/database/migrations/index.js';
import { ensureDatabase } from '../src/database/ensure-database.js';
import { adminQuery, databaseUrl } from './setup/pg-admin.js';
import { ROOT } from './setup/processes.js';

/** Every entity class in src/, found the way the TypeORM CLI finds them. */
async function allEntities(): Promise<Array<EntitySchema | (new () => unknown)>> {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.entity.ts'));
  const modules = await Promise.all(
    files.map((f) => import(path.join(ROOT, 'src', f)) as Promise<Record<string, unknown>>),
  );
  return modules.flatMap((m) => Object.values(m).filter((v): v is new () => unknown => typeof v === 'function'));
}

describe('migrations', () => {
  const name = `techmatch_test_migrations_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;
  beforeAll(async () => {
    expect(await ensureDatabase(databaseUrl(name))).toBe(true);
    expect(await ensureDatabase(databaseUrl(name))).toBe(false);
    ds = new DataSource({ ...dataSourceOptions({ databaseUrl: databaseUrl(name) }), entities: await allEntities() });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('build exactly the schema the entities describe (no drift, no synchronize)', async () => {
    expect(ds.options.synchronize).toBe(false);
    await ds.runMigrations();
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('all go down again to an empty schema, and up again', async () => {
    const count = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
        )
      )[0].n;
    expect(await count()).toBeGreaterThan(0);
    while ((await ds.query(`SELECT 1 FROM migrations`)).length) await ds.undoLastMigration();
    expect(await count()).toBe(0);
    expect(
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE nspname = 'public' AND typtype = 'e'`,
        )
      )[0].n,
    ).toBe(0);
    await ds.runMigrations();
    expect(await count()).toBeGreaterThan(0);
  });

  it('upgrade an install that ran several rematches of everything at once (the newest stays, the others fail)', async () => {
    const name = `techmatch_test_upgrade_${randomBytes(4).toString('hex')}`;
    expect(await ensureDatabase(databaseUrl(name))).toBe(true);
    const options = dataSourceOptions({ databaseUrl: databaseUrl(name) });
    const before = new DataSource({
      ...options,
      migrations: migrations.filter((m) => m.name.startsWith('Foundation') || /1795(81|82)/.test(m.name)),
    });
    await before.initialize();
    try {
      await before.runMigrations();
      // As the version before allowed: two `all` rematches asked for, both left running.
      await before.query(
        `INSERT INTO rematch_runs (scope, state, created_at) VALUES
           ('{"scope": "all"}', 'active', now() - interval '1 hour'), ('{"scope": "all"}', 'waiting', now())`,
      );
    } finally {
      await before.destroy();
    }
    const after = new DataSource(options);
    await after.initialize();
    try {
      await after.runMigrations();
      const runs = await after.query(`SELECT state, error FROM rematch_runs ORDER BY created_at`);
      expect(runs).toEqual([
        { state: 'failed', error: expect.stringMatching(/superseded at upgrade/) },
        { state: 'waiting', error: null },
      ]);
    } finally {
      await after.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
