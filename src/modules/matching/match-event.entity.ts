import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MATCH_STATUSES, type MatchStatus } from './match.entity.js';

export const MATCH_EVENT_KINDS = ['status', 'note'] as const;
export type MatchEventKind = (typeof MATCH_EVENT_KINDS)[number];

/**
 * The audit trail: one row per status change of a match (who, when, from, to, note), and per progress note a party
 * added (`kind` note: from and to are the status it was added in).
 */
@Entity({ name: 'match_events' })
@Check('ck_match_events_kind', `"kind" IN ('status', 'note')`)
@Index('ix_match_events_match', ['matchId', 'id'])
export class MatchEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'match_id', type: 'uuid' })
  matchId: string;

  @ManyToOne('MatchEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'match_id', foreignKeyConstraintName: 'fk_match_events_match' })
  match?: unknown;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;

  /** Null for the matching engine itself. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_match_events_actor' })
  actor?: unknown;

  @Column({ name: 'from_status', type: 'enum', enum: MATCH_STATUSES, enumName: 'match_status', nullable: true })
  fromStatus: MatchStatus | null;

  @Column({ name: 'to_status', type: 'enum', enum: MATCH_STATUSES, enumName: 'match_status' })
  toStatus: MatchStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', default: 'status' })
  kind: MatchEventKind;

  /** Whether the parties read the note: their own notes always, a coordinator's when shared. */
  @Column({ type: 'boolean', default: false })
  shared: boolean;
}
