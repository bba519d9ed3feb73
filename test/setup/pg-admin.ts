import pg from 'pg';

/** The test server: the machine's PostgreSQL (trust auth), as in STACK.md; TEST_PG_URL overrides it. */
export const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  return `${PG_SERVER}/${name}`;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const templateName = (runId: string): string => `techmatch_test_tpl_${runId}`;

/** Runs `work` holding a PostgreSQL advisory lock, so that parallel Jest workers take turns. */
export async function withAdvisoryLock(
  key: string,
  work: (databaseExists: (name: string) => Promise<boolean>) => Promise<void>,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    await work(
      async (name) => ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0,
    );
  } finally {
    await client.end();
  }
}
