import { HttpException, HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { conflict, notFound } from '../../../common/errors/app-errors.js';
import { RematchRunsService } from '../rematch-runs.service.js';
import { RankerModelsRepository, type ModelRow } from './ranker-models.repository.js';
import type { RankerModel } from './ranker.js';

/** The model shipped with the release (ranker.ts shippedModel()); a token so that a test can ship another. */
export const SHIPPED_RANKER_MODEL = Symbol('SHIPPED_RANKER_MODEL');

/** How old the cached model may be before `current()` asks PostgreSQL whether the active one changed. */
export const MODEL_CHECK_MS = 5_000;
/** How long `current()` waits for that answer before going on with the model it has (PostgreSQL may be away). */
const CHECK_WAIT_MS = 1_000;

/** The version a stored model was built on: its own for a shipped model, the shipped one's for an install's. */
export function baseOf(row: Pick<ModelRow, 'version' | 'metrics'>): string {
  return typeof row.metrics.base === 'string' ? row.metrics.base : row.version;
}

const numbers = (x: unknown, n?: number): boolean =>
  Array.isArray(x) &&
  (n === undefined || x.length === n) &&
  x.every((v) => typeof v === 'number' && Number.isFinite(v));

/** A stored model as ranker.ts reads it, or null when the row holds something else (it is then not used). */
export function asRankerModel(x: unknown): RankerModel | null {
  const m = x as Partial<RankerModel> | null;
  if (!m || typeof m !== 'object' || typeof m.version !== 'string') return null;
  const fitOk = (features: unknown, fit: unknown): boolean => {
    if (!Array.isArray(features) || !features.every((f) => typeof f === 'string')) return false;
    const f = fit as RankerModel['fit'] | null;
    const d = features.length;
    return !!f && numbers(f.mean, d) && numbers(f.scale, d) && numbers(f.weights, d) && Number.isFinite(Number(f.bias));
  };
  if (!fitOk(m.features, m.fit)) return null;
  if (m.adjustment && !fitOk(m.adjustment.features, m.adjustment.fit)) return null;
  if (typeof m.floor !== 'number' || typeof m.bands?.high !== 'number' || typeof m.bands.medium !== 'number') {
    return null;
  }
  return m as RankerModel;
}

/**
 * Which version of the re-ranker scores suggestions. `current()` is what the matching engine calls for every
 * ranking: the active row of ranker_models, cached and re-checked at most every MODEL_CHECK_MS, so every worker
 * process moves to a newly active model within seconds, without a restart. It never fails: when PostgreSQL cannot
 * answer it goes on with the last model it knew, or the shipped one.
 */
@Injectable()
export class RankerService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Ranker');
  private cached: { model: RankerModel; checkedAt: number } | null = null;
  private refreshing: Promise<RankerModel> | null = null;
  private shippedStored = false;
  private lastWarning = 0;

  constructor(
    private readonly repo: RankerModelsRepository,
    private readonly rematches: RematchRunsService,
    @Inject(SHIPPED_RANKER_MODEL) readonly shipped: RankerModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.storeShipped();
    } catch (err) {
      // PostgreSQL away at start: the shipped model is used meanwhile, and stored by the first check that works.
      this.warn('could not store the shipped model yet', err);
    }
  }

  /** The model to score with. `maxAgeMs` 0 asks PostgreSQL now (a rematch chunk must not use a replaced model). */
  current(options: { maxAgeMs?: number } = {}): Promise<RankerModel> {
    const maxAge = options.maxAgeMs ?? MODEL_CHECK_MS;
    if (this.cached && Date.now() - this.cached.checkedAt < maxAge) return Promise.resolve(this.cached.model);
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    // A slow answer (PostgreSQL restarting) does not hold up rankings: the check goes on and updates the cache.
    return new Promise<RankerModel>((resolve) => {
      const timer = setTimeout(() => resolve(this.fallback()), CHECK_WAIT_MS);
      void this.refreshing!.then((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  /** Forgets the cached model (this process just changed the active one). */
  invalidate(): void {
    this.cached = null;
  }

  private fallback(): RankerModel {
    return this.cached?.model ?? this.shipped;
  }

  /** Never rejects: on any failure the last known model (or the shipped one) stays in use. */
  private async refresh(): Promise<RankerModel> {
    const known = this.cached?.model ?? null;
    try {
      if (!this.shippedStored) await this.storeShipped();
      const active = await this.repo.activeIfChanged(known?.version ?? null);
      let model: RankerModel;
      if (!active) {
        model = this.shipped; // no active row (never expected once the shipped model is stored)
      } else if (active.model === null && known) {
        model = known;
      } else {
        const parsed = asRankerModel(active.model);
        if (!parsed) this.warn(`the active model ${active.version} is not a model this release reads`, null);
        model = parsed ?? known ?? this.shipped;
      }
      if (known && model.version !== known.version) {
        this.logger.log({ from: known.version, to: model.version }, 're-ranker model changed');
      }
      this.cached = { model, checkedAt: Date.now() };
      return model;
    } catch (err) {
      this.warn('could not check the active model; going on with the last one', err);
      const model = this.fallback();
      this.cached = { model, checkedAt: Date.now() };
      return model;
    }
  }

  /**
   * Stores the shipped model at start, once per release: when its version has no row yet it is inserted and made
   * active, retiring whatever was active (an install's adjustment was fitted on an older release's features, which
   * this release may no longer compute). Idempotent and safe with several processes starting at once (one lock,
   * ON CONFLICT). When no model is active at all, the shipped one becomes active.
   */
  async storeShipped(): Promise<boolean> {
    const activated = await this.repo.withModelsLock(async (m) => {
      const inserted = await this.repo.insert(m, {
        version: this.shipped.version,
        status: 'candidate',
        model: this.shipped,
        metrics: { base: this.shipped.version, shipped: true, judged: this.shipped.metrics ?? {} },
        decisions: 0,
        note: '随版本发布 / shipped with the release',
      });
      if (!inserted && (await this.repo.active(m))) return false;
      await this.repo.activate(m, this.shipped.version, null);
      return true;
    });
    this.shippedStored = true;
    if (activated) {
      this.logger.log({ version: this.shipped.version }, 'the shipped re-ranker model is active');
      this.invalidate();
    }
    return activated;
  }

  /**
   * An admin makes a stored version active again (a revert) or for the first time. 404 for an unknown version, 409
   * when it is active already or was built on another release's model. A rematch of everything follows.
   */
  async activate(version: string, by: string): Promise<{ row: ModelRow; rematchJobId: string | null }> {
    const row = await this.repo.withModelsLock(async (m) => {
      const found = await this.repo.findByVersion(m, version);
      if (!found) throw notFound(`模型版本 ${version} / model version ${version}`);
      if (found.status === 'active') {
        throw conflict(`模型 ${version} 已在使用中 / model ${version} is already active`, { version });
      }
      if (baseOf(found) !== this.shipped.version || !asRankerModel(found.model)) {
        throw conflict(
          `模型 ${version} 基于旧版本的模型（${baseOf(found)}），本版本无法使用 / model ${version} was built on another ` +
            `release's model (${baseOf(found)}); this release (${this.shipped.version}) cannot use it`,
          { version, base: baseOf(found), shipped: this.shipped.version },
        );
      }
      await this.repo.activate(m, version, by);
      return (await this.repo.findByVersion(m, version))!;
    });
    this.invalidate();
    this.logger.log({ version, by }, 're-ranker model activated by an admin');
    return { row, rematchJobId: await this.rematchEverything(by) };
  }

  /**
   * Asks for a rematch of everything after the active model changed, so suggestions are scored by it. When one is
   * already waiting or running (it began before the change), the rematch watch asks again once it is over.
   */
  async rematchEverything(by: string | null): Promise<string | null> {
    try {
      return (await this.rematches.request({ scope: 'all' }, by)).jobId;
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === Number(HttpStatus.CONFLICT)) {
        this.logger.log('a rematch of everything is already under way; another follows it for the new model');
      } else {
        this.warn('could not ask for a rematch after the model changed; the rematch watch asks again', err);
      }
      return null;
    }
  }

  /** Whether suggestions made before the active model wait for a rematch (RankerRematchWatch asks for it). */
  rematchOwed(): Promise<boolean> {
    return this.repo.rematchOwed();
  }

  private warn(message: string, err: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(
      { err: err instanceof Error ? err.message : err === null ? undefined : JSON.stringify(err) },
      message,
    );
  }
}
