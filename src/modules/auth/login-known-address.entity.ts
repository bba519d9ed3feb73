import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Addresses an account signed in from successfully (recently): the account-wide slow-down that guards against
 * guessing from many addresses does not apply to them, so an attacker cannot keep the owner out.
 */
@Entity({ name: 'login_known_addresses' })
export class LoginKnownAddressEntity {
  /** A digest of the lower-cased e-mail, as the throttle keys it. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_login_known_addresses' })
  account: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_login_known_addresses' })
  address: string;

  @Column({ name: 'last_success_at', type: 'timestamptz', default: () => 'now()' })
  lastSuccessAt: Date;
}
