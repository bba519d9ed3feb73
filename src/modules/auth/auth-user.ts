import type { OrganizationKind, Role } from '../../common/domain/vocabulary.js';

/** The signed-in user as every request sees it, loaded fresh from PostgreSQL on each request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
  organizationName: string;
  /** The token's id, for signing out this session. */
  sessionId: string;
  sessionExpiresAt: number;
}

const RANK: Record<Role, number> = { member: 0, coordinator: 1, admin: 2 };

/** Admins can do everything coordinators can; coordinators everything members can. */
export function hasRole(user: Pick<AuthUser, 'role'>, atLeast: Role): boolean {
  return RANK[user.role] >= RANK[atLeast];
}

export const isCoordinator = (user: Pick<AuthUser, 'role'>): boolean => hasRole(user, 'coordinator');
