import type { CapabilityEntity } from './capability.entity.js';
import type { CapabilityView } from './dto/capability.dto.js';

export function toCapabilityView(c: CapabilityEntity, organizationName: string): CapabilityView {
  return {
    id: c.id,
    organizationId: c.organizationId,
    organizationName,
    kind: c.kind,
    title: c.title,
    description: c.description,
    sectors: c.sectors,
    keywords: c.keywords,
    trl: c.trl,
    ipStatus: c.ipStatus,
    cooperationModes: c.cooperationModes,
    district: c.district,
    maxActiveIntroductions: c.maxActiveIntroductions,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
