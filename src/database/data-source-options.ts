import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { migrations } from './migrations/index.js';

// bigint (int8) holds counts, sequence numbers and yuan amounts, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
// A `date` is a calendar day (a deadline, a signing date): keep it as 'YYYY-MM-DD', never shift it by time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/** Connection options shared by the app, the worker, the CLI and the tests. */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl'>): DataSourceOptions {
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
    extra: { max: 10, application_name: 'techmatch' },
  };
}
