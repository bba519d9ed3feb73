import type { OrganizationContact } from '../organizations/organization.entity.js';
import type { MatchStatus } from '../matching/match.entity.js';
import type { CounterpartView, ListingSummary, MatchView } from './dto/review.dto.js';
import type { MatchRow } from './review.repository.js';

/** From introduction on, each party sees the other's contact details (PRODUCT.md). */
export const CONTACT_VISIBLE: readonly MatchStatus[] = ['introduced', 'negotiating', 'contracted', 'closed_no_deal'];

function contact(c: OrganizationContact | null): CounterpartView['contact'] {
  return { person: c?.person ?? null, phone: c?.phone ?? null, email: c?.email ?? null };
}

export function toMatchView(r: MatchRow, side?: { from: 'need' | 'capability'; showContact: boolean }): MatchView {
  const need: ListingSummary = {
    id: r.need_id,
    kind: r.n_kind,
    title: r.n_title,
    description: r.n_description,
    sectors: r.n_sectors,
    keywords: r.n_keywords,
    district: r.n_district,
    organizationId: r.n_org,
    organizationName: r.n_org_name,
    status: r.n_status,
  };
  const capability: ListingSummary = {
    id: r.capability_id,
    kind: r.c_kind,
    title: r.c_title,
    description: r.c_description,
    sectors: r.c_sectors,
    keywords: r.c_keywords,
    district: r.c_district,
    organizationId: r.c_org,
    organizationName: r.c_org_name,
    status: r.c_status,
  };
  const view: MatchView = {
    id: r.id,
    needId: r.need_id,
    capabilityId: r.capability_id,
    score: r.score,
    rank: r.rank,
    status: r.status,
    explanation: r.explanation,
    algorithmVersion: r.algorithm_version,
    version: r.version,
    need,
    capability,
    reviewedAt: r.reviewed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (side) {
    const other =
      side.from === 'need' ? { name: r.c_org_name, c: r.c_contact } : { name: r.n_org_name, c: r.n_contact };
    view.counterpart = { organizationName: other.name, contact: side.showContact ? contact(other.c) : null };
  }
  return view;
}
