import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'taxonomy_schemes' })
export class TaxonomySchemeEntity {
  @PrimaryColumn({ type: 'text' })
  scheme: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'taxonomy_codes' })
@Index('ix_taxonomy_codes_parent', ['scheme', 'parent'])
export class TaxonomyCodeEntity {
  @PrimaryColumn({ type: 'text' })
  scheme: string;

  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text', nullable: true })
  parent: string | null;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn: string | null;

  // Keeps the order the scheme was imported in (parents before children, as published).
  @Column({ type: 'integer' })
  position: number;
}
