import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * When each need was last ranked in full, and for which version of it. The capability path only adds to needs
 * whose current version has been ranked: until then the need's own job is still coming and will rank everything,
 * so a coordinator never sees a half-made list.
 */
@Entity({ name: 'need_rankings' })
export class NeedRankingEntity {
  @PrimaryColumn({ name: 'need_id', type: 'uuid' })
  needId: string;

  @ManyToOne('NeedEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'fk_need_rankings_need' })
  need?: unknown;

  /** The need's updated_at in microseconds when it was ranked. */
  @Column({ type: 'bigint' })
  version: number;

  /** How many suggestions that ranking wrote (0: 暂无合适匹配, no suitable match yet). */
  @Column({ type: 'integer', default: 0 })
  suggestions: number;

  /** When nothing cleared the floor: the closest candidates below it, for coordinators and the owner on request. */
  @Column({ name: 'near_misses', type: 'jsonb', default: () => "'[]'" })
  nearMisses: unknown[];

  @Column({ name: 'ranked_at', type: 'timestamptz', default: () => 'now()' })
  rankedAt: Date;
}
