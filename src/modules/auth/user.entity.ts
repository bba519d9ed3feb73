import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ROLES, type Role } from '../../common/domain/vocabulary.js';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // Stored lower-cased; unique across the service.
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role: Role;

  @Index('ix_users_organization')
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  // Referenced by name so that auth does not import the organisations module.
  @ManyToOne('OrganizationEntity', { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_users_organization' })
  organization?: unknown;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  // Bumped on password or role change and on "sign out everywhere": older tokens stop working.
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** Coordinators: new suggestions scoring at least this are announced to them (null: none). */
  @Column({ name: 'notify_min_score', type: 'double precision', nullable: true })
  notifyMinScore: number | null;

  /** May sit on a challenge's review panel (揭榜挂帅评审专家); set by admins and coordinators. */
  @Column({ type: 'boolean', default: false })
  expert: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
