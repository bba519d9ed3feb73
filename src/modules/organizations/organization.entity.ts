import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DISTRICTS, ORGANIZATION_KINDS, type District, type OrganizationKind } from '../../common/domain/vocabulary.js';

export interface OrganizationContact {
  person: string | null;
  phone: string | null;
  email: string | null;
}

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ORGANIZATION_KINDS, enumName: 'organization_kind' })
  kind: OrganizationKind;

  @Index('uq_organizations_name', { unique: true })
  @Column({ type: 'text' })
  name: string;

  @Index('uq_organizations_credit_code', { unique: true, where: 'credit_code IS NOT NULL' })
  @Column({ name: 'credit_code', type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ type: 'enum', enum: DISTRICTS, enumName: 'district' })
  district: District;

  @Column({ type: 'jsonb', default: () => `'{"email": null, "phone": null, "person": null}'` })
  contact: OrganizationContact;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
