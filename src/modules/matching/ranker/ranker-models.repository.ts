import type { RejectReason } from '../reject-reasons.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RankerModelStatus } from './ranker-model.entity.js';
import type { Decision } from './training.js';

/** Statuses a coordinator reaches only by approving: each is an approval of the pair. */
export const APPROVED_OR_LATER = ['approved', 'introduced', 'negotiating', 'contracted', 'closed_no_deal'] as const;

/**
 * Rejections that say the pair was not worth an introduction. `already_cooperating` (已有合作) is left out on
 * purpose: the pair was relevant, the parties simply work together already, so it is no evidence either way about
 * what the model should score. A rejection without a reason (from before reasons existed) is left out too: it may
 * have been one of those.
 */
export const NEGATIVE_REJECT_REASONS: readonly RejectReason[] = [
  'not_relevant',
  'stage_mismatch',
  'unclear_need',
  'other',
];

/** Serialises changes of the active model (bootstrap, promotion, an admin's activation) across processes. */
const MODELS_LOCK = `pg_advisory_xact_lock(hashtext('techmatch:ranker_models'))`;

export interface ModelRow {
  id: string;
  version: string;
  status: RankerModelStatus;
  model: unknown;
  metrics: Record<string, unknown>;
  decisions: number;
  note: string | null;
  created_at: Date;
  activated_at: Date | null;
  activated_by: string | null;
  activated_by_name: string | null;
}

export interface NewModelRow {
  version: string;
  /** Not `active`: a row becomes active through `activate`, which retires the one active until then. */
  status: Exclude<RankerModelStatus, 'active'>;
  model: unknown;
  metrics: Record<string, unknown>;
  decisions: number;
  note: string | null;
}

const COLUMNS = `r.id, r.version, r.status, r.model, r.metrics, r.decisions, r.note, r.created_at, r.activated_at,
  r.activated_by, u.name AS activated_by_name`;

/** The re-ranker's versions (ranker_models), and the review decisions it learns from (matches). */
@Injectable()
export class RankerModelsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction that holds the lock on model changes. */
  withModelsLock<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT ${MODELS_LOCK}`);
      return work(m);
    });
  }

  /**
   * The active model's version, and its model only when it is not `knownVersion` (null otherwise): a cheap check
   * while nothing changed.
   */
  async activeIfChanged(knownVersion: string | null): Promise<{ version: string; model: unknown } | null> {
    const [row] = await this.dataSource.query<Array<{ version: string; model: unknown }>>(
      `SELECT version, CASE WHEN version IS NOT DISTINCT FROM $1 THEN NULL ELSE model END AS model
         FROM ranker_models WHERE status = 'active'`,
      [knownVersion],
    );
    return row ?? null;
  }

  async active(m: Pick<EntityManager, 'query'> = this.dataSource): Promise<ModelRow | null> {
    const [row] = await m.query<ModelRow[]>(
      `SELECT ${COLUMNS} FROM ranker_models r LEFT JOIN users u ON u.id = r.activated_by WHERE r.status = 'active'`,
    );
    return row ?? null;
  }

  async findByVersion(m: Pick<EntityManager, 'query'>, version: string): Promise<ModelRow | null> {
    const [row] = await m.query<ModelRow[]>(
      `SELECT ${COLUMNS} FROM ranker_models r LEFT JOIN users u ON u.id = r.activated_by WHERE r.version = $1`,
      [version],
    );
    return row ?? null;
  }

  /** Newest first. */
  async list(skip: number, take: number): Promise<{ rows: ModelRow[]; total: number }> {
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM ranker_models`,
    );
    const rows = await this.dataSource.query<ModelRow[]>(
      `SELECT ${COLUMNS} FROM ranker_models r LEFT JOIN users u ON u.id = r.activated_by
        ORDER BY r.created_at DESC, r.version DESC LIMIT $1 OFFSET $2`,
      [take, skip],
    );
    return { rows, total };
  }

  /** Inserts a version unless it exists already; true when it was inserted. */
  async insert(m: EntityManager, row: NewModelRow): Promise<boolean> {
    const inserted = await m.query<Array<{ id: string }>>(
      `INSERT INTO ranker_models (version, status, model, metrics, decisions, note)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (version) DO NOTHING RETURNING id`,
      [row.version, row.status, JSON.stringify(row.model), JSON.stringify(row.metrics), row.decisions, row.note],
    );
    return inserted.length > 0;
  }

  /** Makes a stored version the active one (the one active until now is retired). */
  async activate(m: EntityManager, version: string, by: string | null): Promise<void> {
    await this.retireActive(m);
    await m.query(
      `UPDATE ranker_models SET status = 'active', activated_at = now(), activated_by = $2 WHERE version = $1`,
      [version, by],
    );
  }

  private async retireActive(m: EntityManager): Promise<void> {
    await m.query(`UPDATE ranker_models SET status = 'retired' WHERE status = 'active'`);
  }

  /**
   * Coordinators' decisions on suggestions that carry the features they were shown with: approved or later is an
   * approval; a rejection counts only with one of NEGATIVE_REJECT_REASONS.
   */
  async decisions(): Promise<Array<Omit<Decision, 'features'> & { features: unknown }>> {
    const rows = await this.dataSource.query<
      Array<{ id: string; need_id: string; approved: boolean; features: unknown }>
    >(
      `SELECT id, need_id, status <> 'rejected' AS approved, explanation->'ranker'->'features' AS features
         FROM matches
        WHERE (status = ANY($1::match_status[]) OR (status = 'rejected' AND reject_reason = ANY($2::text[])))
          AND jsonb_typeof(explanation->'ranker'->'features') = 'object'
        ORDER BY id`,
      [APPROVED_OR_LATER, NEGATIVE_REJECT_REASONS],
    );
    return rows.map((r) => ({ matchId: r.id, needId: r.need_id, label: r.approved ? 1 : 0, features: r.features }));
  }

  /** How many decisions with features there are of each kind (for the console: is there enough to learn from?). */
  async decisionCounts(): Promise<{ approvals: number; rejections: number; alreadyCooperating: number }> {
    const [row] = await this.dataSource.query<
      Array<{ approvals: number; rejections: number; already_cooperating: number }>
    >(
      `SELECT count(*) FILTER (WHERE status = ANY($1::match_status[]))::int AS approvals,
              count(*) FILTER (WHERE status = 'rejected' AND reject_reason = ANY($2::text[]))::int AS rejections,
              count(*) FILTER (WHERE status = 'rejected' AND reject_reason = 'already_cooperating')::int
                AS already_cooperating
         FROM matches
        WHERE status <> 'suggested' AND jsonb_typeof(explanation->'ranker'->'features') = 'object'`,
      [APPROVED_OR_LATER, NEGATIVE_REJECT_REASONS],
    );
    return { approvals: row.approvals, rejections: row.rejections, alreadyCooperating: row.already_cooperating };
  }

  /**
   * Whether suggestions made before the active model was activated wait to be scored by it: no rematch of
   * everything was asked for since. (Suggestions made later were scored by it already.)
   */
  async rematchOwed(): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<{ owed: boolean }>>(
      `SELECT EXISTS (
         SELECT 1 FROM ranker_models a
          WHERE a.status = 'active' AND a.activated_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM rematch_runs r
                             WHERE r.scope->>'scope' = 'all' AND r.created_at >= a.activated_at)
            AND EXISTS (SELECT 1 FROM matches x WHERE x.status = 'suggested' AND x.created_at < a.activated_at)
       ) AS owed`,
    );
    return row?.owed ?? false;
  }
}
