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

/** Who is looking at a match: coordinators (and admins) see everything; anyone else is one of the parties. */
export interface Viewer {
  coordinator: boolean;
  organizationId: string;
}

/** The placeholder the capability side sees for a restricted need until the introduction. */
export const HIDDEN_NEED_TITLE = '保密需求（对接后可见）/ restricted need (shown after the introduction)';

/**
 * A restricted need is seen only by its owner and coordinators (PRODUCT.md). The other party of its match learns
 * what it is about at the introduction; before that it sees only that a restricted need was matched.
 */
export function needHidden(r: MatchRow, viewer: Viewer): boolean {
  return r.n_visibility === 'restricted' && !viewer.coordinator && r.n_org !== viewer.organizationId && !introduced(r);
}

/** A coordinator's note reaches the parties only when the coordinator shared it; the parties' own always do. */
export const noteFor = (viewer: Viewer | undefined, note: string | null, shared: boolean): string | null =>
  !viewer || viewer.coordinator || shared ? note : null;

/**
 * The match as `viewer` may see it; without a viewer, as coordinators see it in the queue. `from`: the side asked
 * about (whose counterpart is the other one).
 */
export function toMatchView(r: MatchRow, seen?: { from: 'need' | 'capability'; viewer: Viewer }): MatchView {
  const viewer = seen?.viewer;
  const hidden = viewer ? needHidden(r, viewer) : false;
  // Hidden: nothing that comes from the need (organisation, place, sectors, words, the terms the score was made
  // of, its kind or whether it is still open) but its opaque id.
  const need: ListingSummary = hidden
    ? {
        id: r.need_id,
        kind: null,
        title: HIDDEN_NEED_TITLE,
        description: '',
        sectors: [],
        keywords: [],
        district: null,
        organizationId: null,
        organizationName: null,
        status: null,
      }
    : {
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
    // Nothing of how a hidden need was judged: the explanation (its summary sentence, the ranker's features, the
    // vocabulary bridges, the terms and sectors that met) quotes the need's text, and the band is its verdict.
    band: hidden ? null : r.band,
    rejectReason: r.reject_reason,
    explanation: hidden ? null : r.explanation,
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
    closeNote: noteFor(viewer, r.close_note, r.close_note_shared ?? false),
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (seen) {
    const showContact = seen.viewer.coordinator || introduced(r);
    view.counterpart =
      seen.from === 'need'
        ? { organizationName: r.c_org_name, contact: showContact ? contact(r.c_contact) : null }
        : hidden
          ? { organizationName: null, contact: null }
          : { organizationName: r.n_org_name, contact: showContact ? contact(r.n_contact) : null };
  }
  return view;
}
