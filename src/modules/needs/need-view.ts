import type { NeedView } from './dto/need.dto.js';
import type { NeedEntity } from './need.entity.js';

export function toNeedView(n: NeedEntity, organizationName: string): NeedView {
  return {
    id: n.id,
    organizationId: n.organizationId,
    organizationName,
    kind: n.kind,
    title: n.title,
    description: n.description,
    sectors: n.sectors,
    keywords: n.keywords,
    cooperationModes: n.cooperationModes,
    budget: { min: n.budgetMin, max: n.budgetMax },
    deadline: n.deadline,
    district: n.district,
    visibility: n.visibility,
    status: n.status,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}
