import type { OrganizationContact } from '../organizations/organization.entity.js';
import type { CloseReason } from '../introductions/lifecycle.js';
import type { CounterpartView, ListingSummary, MatchView } from './dto/review.dto.js';
import type { MatchRow } from './review.repository.js';

/**
 * From the introduction on, each party sees the other's contact details (PRODUCT.md). Decided by whether the match
 * was ever introduced, not by its status: a match closed straight from approval never was.
 */
export const introduced = (r: Pick<MatchRow, 'introduced_at'>): boolean => r.introduced_at !== null;

function contact(c: OrganizationContact | null): CounterpartView['contact'] {
  return { person: c?.person ?? null, phone: c?.phone ?? null, email: c?.email ?? null };
}

/**
 * A restricted need is seen only by its owner and coordinators (PRODUCT.md). The other party of its match learns
 * what it is about at the introduction; before that it sees only that a restricted need was matched.
 */
export function needHidden(r: MatchRow, viewer: { coordinator: boolean; organizationId: string }): boolean {
  return r.n_visibility === 'restricted' && !viewer.coordinator && r.n_org !== viewer.organizationId && !introduced(r);
}

export function toMatchView(
  r: MatchRow,
  side?: { from: 'need' | 'capability'; showContact: boolean; hideNeed?: boolean },
): MatchView {
  const hidden = side?.hideNeed ?? false;
  const need: ListingSummary = {
    id: r.need_id,
    kind: r.n_kind,
    title: hidden ? '保密需求（对接后可见）/ restricted need (shown after the introduction)' : r.n_title,
    description: hidden ? '' : r.n_description,
    sectors: r.n_sectors,
    keywords: hidden ? [] : r.n_keywords,
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
    capacity: {
      max: r.c_capacity,
      active: r.c_active,
      full: r.c_capacity !== null && r.c_active >= r.c_capacity,
    },
    introducedAt: r.introduced_at,
    contract:
      r.contract_mode && r.contract_amount_cny !== null && r.contract_signed_on
        ? {
            mode: r.contract_mode,
            amountCny: r.contract_amount_cny,
            signedOn: r.contract_signed_on,
            registrationNo: r.contract_registration_no,
          }
        : null,
    closeReason: r.close_reason as CloseReason | null,
    closeNote: r.close_note,
    closedAt: r.closed_at,
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
