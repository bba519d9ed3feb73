import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { registry } from '../../common/metrics/metrics.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { CatalogChangesService } from '../listings/catalog-changes.service.js';
import type { RankerModel } from './ranker/ranker.js';
import { RankerService, SHIPPED_RANKER_MODEL } from './ranker/ranker.service.js';
import { forEachListing, loadCapabilities, loadNeeds } from './catalog-loader.js';
import { CatalogIndex } from './index/catalog-index.js';
import type { CapabilityProfile, NeedProfile } from './scoring/profiles.js';

const SYNC_EVERY_MS = 250;
const TAXONOMY_CHECK_EVERY_MS = 0; // every pass: a scheme imported a moment ago must count in the next ranking
const NO_SEQ = Number.MAX_SAFE_INTEGER;

/** The index this worker process ranks with, read when its metrics are collected. */
let liveIndex: (() => CatalogIndex) | null = null;
new Gauge({
  name: 'techmatch_index_documents',
  help: "Listings in the worker's in-memory matching index, by kind",
  labelNames: ['kind'] as const,
  registers: [registry],
  collect() {
    const index = liveIndex?.();
    if (!index) return;
    this.set({ kind: 'capability' }, index.capabilities.documentCount);
    this.set({ kind: 'need' }, index.needs.documentCount);
  },
});

/**
 * The worker's in-memory catalogue. Built from PostgreSQL at start, then kept equal to it by tailing the change
 * sequence (catalog_changes), so any number of workers on any number of machines converge on the same index.
 */
@Injectable()
export class CatalogIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CatalogIndex');
  /** Replaced whole when the index is rebuilt (after the change sequence was pruned past this worker's cursor). */
  index = new CatalogIndex();
  /** Position in the change sequence: every change before (txId, seq) is in the index. */
  private cursor = { txId: 0, seq: NO_SEQ };
  private loading: Promise<void> | null = null;
  private syncing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private taxonomyStamp = '';
  private taxonomyCheckedAt = 0;
  private stopped = false;
  /** What the index-size metric reads (the index is replaced whole when rebuilt). */
  private readonly current = () => this.index;

  /** The re-ranker every ranking uses (see `useModel`), as given and with MATCH_FLOOR applied. */
  private source: RankerModel;
  private model: RankerModel;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: CatalogChangesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SHIPPED_RANKER_MODEL) shipped: RankerModel,
    private readonly ranker: RankerService,
  ) {
    // Until the first job asks RankerService for the install's active model.
    this.source = shipped;
    this.model = this.withFloor(this.source);
    this.index.model = this.model;
  }

  /** Ranks with this model from now on; MATCH_FLOOR, when set, replaces the model's own floor. */
  useModel(model: RankerModel): void {
    if (model === this.source) return;
    this.source = model;
    this.model = this.withFloor(model);
    this.index.model = this.model;
  }

  /**
   * Scores with the install's active re-ranker from now on (`fresh`: asked of PostgreSQL now, not from the cache).
   * Every ranking goes through here first, whichever job asks (a need, a challenge's invitations, an envoy post):
   * a worker that restarted must not rank with the shipped model while the install has trained its own.
   */
  async useActiveModel(fresh = false): Promise<void> {
    this.useModel(await this.ranker.current(fresh ? { maxAgeMs: 0 } : {}));
  }

  /** The index, ready (see `ready`), scoring with the install's active re-ranker. */
  async readyToRank(): Promise<CatalogIndex> {
    await this.useActiveModel();
    return this.ready();
  }

  private withFloor(model: RankerModel): RankerModel {
    return this.config.matchFloor === null ? model : { ...model, floor: this.config.matchFloor };
  }

  onApplicationBootstrap(): void {
    liveIndex = this.current;
    void this.ensureLoaded().then(
      () => this.schedule(),
      () => this.schedule(),
    );
  }

  onApplicationShutdown(): void {
    if (liveIndex === this.current) liveIndex = null;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * Resolves once the index holds the whole catalogue and every change committed before this call (a pass already
   * running may have started before the caller's change committed, so a fresh one follows it).
   */
  async ready(): Promise<CatalogIndex> {
    await this.ensureLoaded();
    await this.syncing;
    await this.sync();
    return this.index;
  }

  /** Puts listings just read from PostgreSQL into the index (a job's own changes need not wait for the tail). */
  apply(needs: NeedProfile[], capabilities: CapabilityProfile[]): void {
    for (const n of needs) this.index.putNeed(n);
    for (const c of capabilities) this.index.putCapability(c);
  }

  /** Applies every change committed since the last pass. Concurrent callers share one pass. */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Loads the catalogue once; a failed load (PostgreSQL unreachable at start) is tried again by the next caller. */
  private ensureLoaded(): Promise<void> {
    this.loading ??= this.load().catch((err: unknown) => {
      this.logger.error({ err }, 'catalogue load failed; retrying on the next job or pass');
      this.loading = null;
      throw err;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const started = Date.now();
    // Built aside and swapped in whole, so a rebuild never shows a half-loaded catalogue.
    const fresh = new CatalogIndex();
    fresh.model = this.model;
    const cursor = await this.fill(fresh);
    // A model switched while the catalogue was read went to the index being replaced.
    fresh.model = this.model;
    this.index = fresh;
    this.cursor = cursor;
    this.logger.log(
      {
        capabilities: this.index.capabilities.documentCount,
        needs: this.index.needs.documentCount,
        ms: Date.now() - started,
      },
      'catalogue loaded',
    );
    // The worker runs with a heap limit (WORKER_MAX_HEAP_MB, `npm run start:worker`): say so before a growing
    // catalogue reaches it, rather than after the worker has died of it.
    const heap = getHeapStatistics();
    if (heap.used_heap_size > heap.heap_size_limit / 2) {
      this.logger.warn(
        { usedMb: Math.round(heap.used_heap_size / 1e6), limitMb: Math.round(heap.heap_size_limit / 1e6) },
        'the catalogue fills over half of the heap limit: raise WORKER_MAX_HEAP_MB',
      );
    }
  }

  /** Reads the whole catalogue into `target`; returns the cursor the tail continues from. */
  private async fill(target: CatalogIndex): Promise<{ txId: number; seq: number }> {
    await this.refreshSectorTree(true, target);
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      // Everything committed before the snapshot's xmin is in what we read; later changes are replayed by the tail
      // (replaying one already seen is harmless: a change is re-read from the table).
      const [{ xmin }] = await m.query<Array<{ xmin: string }>>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
      );
      await forEachListing(m, 'capabilities', (page) => {
        for (const c of page as CapabilityProfile[]) target.putCapability(c);
      });
      await forEachListing(m, 'needs', (page) => {
        for (const n of page as NeedProfile[]) target.putNeed(n);
      });
      return { txId: Number(xmin) - 1, seq: NO_SEQ };
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sync()
        .catch((err: unknown) => this.logger.warn({ err }, 'catalogue sync failed'))
        .finally(() => this.schedule());
    }, SYNC_EVERY_MS);
    this.timer.unref();
  }

  /**
   * Applies every visible change past the cursor. The cursor only moves past changes of transactions older than
   * every running one (tx_id below xmin): a change that commits later with an earlier position is then still ahead
   * of it. Changes above xmin are applied now and again later, which is harmless.
   */
  private async syncOnce(): Promise<void> {
    await this.ensureLoaded();
    const pruned = await this.changes.prunedTo();
    if (
      pruned &&
      (this.cursor.txId < pruned.txId || (this.cursor.txId === pruned.txId && this.cursor.seq < pruned.seq))
    ) {
      // Changes this worker has not applied were pruned: it cannot replay them, so it reads the tables afresh.
      this.logger.warn(
        { cursor: this.cursor, pruned },
        'change sequence pruned past this worker: rebuilding the index',
      );
      this.loading = null;
      await this.ensureLoaded();
      // The fresh index holds everything the pruned changes did; never rebuild twice for the same mark.
      if (this.cursor.txId < pruned.txId) this.cursor = { txId: pruned.txId, seq: pruned.seq };
    }
    await this.refreshSectorTree(false);
    for (;;) {
      const rows: Array<{
        tx_id: number;
        seq: number;
        entity: 'need' | 'capability';
        entity_id: string;
        settled: boolean;
      }> = await this.dataSource.query(
        `SELECT tx_id, seq, entity, entity_id, tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS settled
             FROM catalog_changes
            WHERE (tx_id, seq) > ($1::bigint, $2::bigint)
            ORDER BY tx_id, seq LIMIT 5000`,
        [this.cursor.txId, this.cursor.seq],
      );
      if (!rows.length) return;
      const needIds = [...new Set(rows.filter((r) => r.entity === 'need').map((r) => r.entity_id))];
      const capIds = [...new Set(rows.filter((r) => r.entity === 'capability').map((r) => r.entity_id))];
      const [needs, caps] = await Promise.all([
        loadNeeds(this.dataSource.manager, needIds),
        loadCapabilities(this.dataSource.manager, capIds, (id, v) => this.index.holds(id, v)),
      ]);
      this.apply(needs, caps);
      const foundNeeds = new Set(needs.map((n) => n.id));
      const foundCaps = new Set(caps.map((c) => c.id));
      for (const id of needIds) if (!foundNeeds.has(id)) this.index.removeNeed(id);
      for (const id of capIds) if (!foundCaps.has(id)) this.index.removeCapability(id);
      const settled = rows.filter((r) => r.settled);
      if (settled.length) {
        const last = settled[settled.length - 1];
        this.cursor = { txId: last.tx_id, seq: last.seq };
      }
      if (settled.length < 5000) return;
    }
  }

  /** Loads every scheme's parent links; afterwards only when a scheme was imported or replaced. */
  private async refreshSectorTree(force: boolean, target: CatalogIndex = this.index): Promise<void> {
    if (!force && Date.now() - this.taxonomyCheckedAt < TAXONOMY_CHECK_EVERY_MS) return;
    this.taxonomyCheckedAt = Date.now();
    const [{ stamp }] = await this.dataSource.query<Array<{ stamp: string | null }>>(
      `SELECT md5(string_agg(scheme || '@' || updated_at::text, ',' ORDER BY scheme)) AS stamp FROM taxonomy_schemes`,
    );
    if (!force && stamp === this.taxonomyStamp) return;
    this.taxonomyStamp = stamp ?? '';
    const rows: Array<{ scheme: string; code: string; parent: string | null }> = await this.dataSource.query(
      `SELECT scheme, code, parent FROM taxonomy_codes WHERE parent IS NOT NULL`,
    );
    const parents = new Map(rows.map((r) => [`${r.scheme}:${r.code}`, `${r.scheme}:${r.parent}`]));
    target.setSectorTree((ref) => parents.get(ref) ?? null);
  }
}
