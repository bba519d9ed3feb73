import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CATALOG_ENTITIES = ['need', 'capability'] as const;
export type CatalogEntity = (typeof CATALOG_ENTITIES)[number];
export const CATALOG_OPS = ['upsert', 'delete'] as const;
export type CatalogOp = (typeof CATALOG_OPS)[number];

/**
 * The change sequence of the catalogue: one row per create, change or removal of a need or capability, written in
 * the same transaction. Workers tail it to keep their in-memory indexes equal to PostgreSQL.
 *
 * Sequence numbers are handed out before commit, so they can become visible out of order. Readers therefore only
 * take rows whose transaction is older than every transaction still running (`tx_id` below the snapshot's xmin)
 * and page by `(tx_id, seq)`: once a row qualifies, no earlier row can appear later.
 */
@Entity({ name: 'catalog_changes' })
// Created by the migration: TypeORM misreads the column order of multi-column indexes.
@Index('ix_catalog_changes_cursor', { synchronize: false })
export class CatalogChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: number;

  // Set by the insert to pg_current_xact_id() of the writing transaction.
  @Column({ name: 'tx_id', type: 'bigint' })
  txId: number;

  @Column({ type: 'enum', enum: CATALOG_ENTITIES, enumName: 'catalog_entity' })
  entity: CatalogEntity;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  @Column({ type: 'enum', enum: CATALOG_OPS, enumName: 'catalog_op' })
  op: CatalogOp;

  @Index('ix_catalog_changes_created')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
