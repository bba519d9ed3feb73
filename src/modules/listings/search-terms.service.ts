import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SEARCH_TERMS_VERSION, searchVector } from '../../common/text/search.js';
import { mapYielding, yieldToTimers } from '../../common/timers.js';
import { MaintenanceJobsService } from '../../jobs/maintenance-jobs.service.js';
import type { HallTable } from './hall.repository.js';

/** The maintenance job that gives listings their search terms (declared beside its handler). */
export const SEARCH_TERMS_JOB = 'search-terms';
export const SEARCH_TERMS_SCHEDULER = 'search-terms-every-minute';
const EVERY_MS = 60_000;
const BATCH = 500;

/**
 * Writes search terms for listings that have none or have them from an older version of the analysis: the rows
 * from before full-text search (after the migration that added the column) and every row after an analysis
 * change (SEARCH_TERMS_VERSION). New and edited listings get theirs with the write itself; this is the catch-up.
 * A repeatable job in the worker, a minute apart, cheap when there is nothing to do (one index probe per table), and
 * once when a worker starts.
 */
@Injectable()
export class SearchTermsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('SearchTerms');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly maintenance: MaintenanceJobsService,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({
      name: SEARCH_TERMS_JOB,
      handler: () => this.catchUp(),
      schedulerId: SEARCH_TERMS_SCHEDULER,
      schedule: { everyMs: EVERY_MS },
    });
  }

  /**
   * Once at start as well, without waiting a minute for the schedule's first run: after an upgrade the halls find the
   * listings from before it as soon as a worker is up. Several workers starting at once share the rows (SKIP LOCKED).
   */
  onApplicationBootstrap(): void {
    void this.catchUp().catch((err: unknown) =>
      this.logger.warn({ err: String(err) }, 'search terms not caught up at start; the schedule will'),
    );
  }

  /** Brings every listing's search terms to the current version; returns how many were written per table. */
  async catchUp(): Promise<Record<HallTable, number>> {
    const done: Record<HallTable, number> = { needs: 0, capabilities: 0 };
    for (const table of ['needs', 'capabilities'] as const) {
      for (;;) {
        const n = await this.batch(table);
        done[table] += n;
        if (n < BATCH) break;
        await yieldToTimers();
      }
    }
    if (done.needs || done.capabilities) this.logger.log(done, 'search terms written');
    return done;
  }

  /**
   * One batch in one transaction. Rows are locked while their terms are built (SKIP LOCKED: a listing being edited
   * is left to its edit, which writes its own terms), so a concurrent edit never gets terms of its old text.
   */
  private async batch(table: HallTable): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<Array<{ id: string; title: string; description: string; keywords: string[] }>>(
        `SELECT id, title, description, keywords FROM ${table}
          WHERE search_version IS NULL OR search_version < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [SEARCH_TERMS_VERSION, BATCH],
      );
      if (!rows.length) return 0;
      const vectors = await mapYielding(rows, searchVector);
      // A raw UPDATE: updated_at (the listing's version, which matching follows) stays as it is.
      await m.query(
        `UPDATE ${table} t SET search_terms = CAST(x.v AS tsvector), search_version = $3
           FROM unnest($1::uuid[], $2::text[]) AS x(id, v) WHERE t.id = x.id`,
        [rows.map((r) => r.id), vectors, SEARCH_TERMS_VERSION],
      );
      return rows.length;
    });
  }
}
