import type { OrganizationView } from './dto/organization.dto.js';
import type { OrganizationEntity } from './organization.entity.js';

export function toOrganizationView(o: OrganizationEntity): OrganizationView {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    creditCode: o.creditCode,
    district: o.district,
    contact: { person: o.contact?.person ?? null, phone: o.contact?.phone ?? null, email: o.contact?.email ?? null },
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
