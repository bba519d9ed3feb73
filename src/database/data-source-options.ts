import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { migrations } from './migrations/index.js';

// bigint (int8) holds counts, sequence numbers and yuan amounts, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
// A `date` is a calendar day (a deadline, a signing date): keep it as 'YYYY-MM-DD', never shift it by time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/** How long a new connection may take before the caller is answered "PostgreSQL unavailable" (503). */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connection options shared by the app, the worker, the CLI and the tests. A process that serves users passes its
 * statement timeout: no request can hold a connection with a runaway query (the migrations run without one).
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl'>,
  session: { statementTimeoutMs?: number; name?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension (and no superuser) needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: {
      max: 10,
      application_name: session.name ?? 'techmatch',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      ...(session.statementTimeoutMs
        ? {
            statement_timeout: session.statementTimeoutMs,
            // A transaction left open by a crashed request must not hold its locks for long either.
            idle_in_transaction_session_timeout: Math.max(session.statementTimeoutMs, 60_000),
          }
        : {}),
    },
  };
}
