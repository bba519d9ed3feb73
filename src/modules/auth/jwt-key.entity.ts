import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The install's own token signing keys, used when JWT_SECRET is not set: generated on first start, shared by every
 * API process through PostgreSQL. The newest unretired key signs; a retired key still verifies the tokens it signed
 * until they expire (rotation without signing everyone out).
 */
@Entity({ name: 'jwt_keys' })
export class JwtKeyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_jwt_keys' })
  kid: string;

  @Column({ type: 'text', select: false })
  secret: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
