import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the change sequence has been pruned (one row). A worker whose cursor is behind it missed changes that
 * no longer exist, and reloads its index from the tables instead.
 */
@Entity({ name: 'catalog_changes_pruned' })
@Check('ck_catalog_changes_pruned_single', `"id"`)
export class CatalogChangesPrunedEntity {
  @PrimaryColumn({ type: 'boolean', default: true, primaryKeyConstraintName: 'pk_catalog_changes_pruned' })
  id: boolean;

  @Column({ name: 'tx_id', type: 'bigint' })
  txId: number;

  @Column({ type: 'bigint' })
  seq: number;

  @Column({ name: 'pruned_at', type: 'timestamptz', default: () => 'now()' })
  prunedAt: Date;
}
