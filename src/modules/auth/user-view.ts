import type { UserView } from './dto/auth.dto.js';
import type { UserEntity } from './user.entity.js';

/** The only shape in which a user leaves the server: never the password hash or token version. */
export function toUserView(u: UserEntity): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    organizationId: u.organizationId,
    active: u.active,
    expert: u.expert,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
