import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** An expert (a user with `expert`) on a challenge's review panel, chosen by a coordinator. */
@Entity({ name: 'challenge_panel_members' })
@Index('ix_challenge_panel_members_user', ['userId'])
export class ChallengePanelMemberEntity {
  @PrimaryColumn({ name: 'challenge_id', type: 'uuid', primaryKeyConstraintName: 'pk_challenge_panel_members' })
  challengeId: string;

  @ManyToOne('ChallengeEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_panel_members_challenge' })
  challenge?: unknown;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_challenge_panel_members' })
  userId: string;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_challenge_panel_members_user' })
  user?: unknown;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'added_by', foreignKeyConstraintName: 'fk_challenge_panel_members_added_by' })
  adder?: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
