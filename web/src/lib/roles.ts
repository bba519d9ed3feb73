import type { Me, Role } from '../api/types';
import { CAPABILITY_OWNER_KINDS, NEED_OWNER_KINDS } from '../api/vocabulary.gen';

// Who may open which part of the console. The API enforces the same rules; this only decides what to show.

export type Area = 'needs' | 'capabilities' | 'review' | 'catalogue' | 'manage' | 'admin';

const RANK: Record<Role, number> = { member: 0, coordinator: 1, admin: 2 };
export const atLeast = (role: Role, min: Role): boolean => RANK[role] >= RANK[min];

export const NEED_OWNERS = NEED_OWNER_KINDS;
export const CAPABILITY_OWNERS = CAPABILITY_OWNER_KINDS;

export function canUse(me: Pick<Me, 'user' | 'organization'>, area: Area): boolean {
  const { role } = me.user;
  switch (area) {
    case 'needs':
      return role === 'member' && NEED_OWNERS.includes(me.organization.kind);
    case 'capabilities':
      return role === 'member' && CAPABILITY_OWNERS.includes(me.organization.kind);
    case 'catalogue':
      return true;
    case 'review':
    case 'manage':
      return atLeast(role, 'coordinator');
    case 'admin':
      return role === 'admin';
  }
}

/** Where a user lands after signing in. */
export function landingPath(me: Pick<Me, 'user' | 'organization'>): string {
  if (me.user.role === 'admin') return '/admin/organizations';
  if (me.user.role === 'coordinator') return '/review';
  if (canUse(me, 'needs')) return '/needs';
  if (canUse(me, 'capabilities')) return '/capabilities';
  return '/catalogue/needs';
}
