import pg from 'pg';

// Drops the run's template and any database a crashed test file left behind.
export default async function globalTeardown() {
  const runId = process.env.TECHMATCH_TEST_RUN;
  if (!runId) return;
  const server = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `techmatch_test_%${runId}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
