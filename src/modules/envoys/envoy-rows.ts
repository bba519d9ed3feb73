import type { EntityManager } from 'typeorm';
import type { District } from '../../common/domain/vocabulary.js';
import {
  LIVE_NOMINATION_STATUSES,
  type AgreementStatus,
  type NominationStatus,
  type PostKind,
  type PostStatus,
} from './lifecycle.js';

// The module's tables as its raw SQL reads them (snake_case rows), and the loaders every use case shares.

export interface PostRow {
  id: string;
  organization_id: string;
  kind: PostKind;
  title: string;
  field: string;
  tasks: string;
  keywords: string[];
  term_months: number;
  district: District;
  address: string;
  support: string;
  positions: number;
  status: PostStatus;
  closed_reason: string | null;
  opened_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NominationRow {
  id: string;
  post_id: string;
  nominating_organization_id: string;
  nominee_user_id: string | null;
  capability_id: string | null;
  nominee_name: string;
  statement: string;
  status: NominationStatus;
  enterprise_accepted_at: Date | null;
  nominee_accepted_at: Date | null;
  decline_reason: string | null;
  created_at: Date;
}

export interface AgreementRow {
  id: string;
  nomination_id: string;
  post_id: string;
  starts_on: string;
  ends_on: string;
  terms: string;
  status: AgreementStatus;
  enterprise_signed_by: string | null;
  enterprise_signed_at: Date | null;
  provider_signed_by: string | null;
  provider_signed_at: Date | null;
  termination_reason: string | null;
  activated_at: Date | null;
  ended_at: Date | null;
  /** The Harbin date it was terminated or completed. */
  ended_on: string | null;
  created_at: Date;
  // joined
  nominating_organization_id: string;
  nominee_user_id: string | null;
  nominee_name: string;
  post_organization_id: string;
  post_title: string;
  post_kind: PostKind;
}

export interface OrgRow {
  id: string;
  name: string;
  kind: string;
  district: string;
}

export const POST_COLUMNS = `p.id, p.organization_id, p.kind, p.title, p.field, p.tasks, p.keywords, p.term_months, p.district,
  p.address, p.support, p.positions, p.status, p.closed_reason, p.opened_at, p.created_at, p.updated_at`;
export const AGREEMENT_SELECT = `SELECT a.id, a.nomination_id, a.post_id, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on,
    to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on, a.terms, a.status, a.enterprise_signed_by, a.enterprise_signed_at,
    a.provider_signed_by, a.provider_signed_at, a.termination_reason, a.activated_at, a.ended_at,
    to_char(a.ended_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS ended_on, a.created_at,
    n.nominating_organization_id, n.nominee_user_id, n.nominee_name, p.organization_id AS post_organization_id,
    p.title AS post_title, p.kind AS post_kind
  FROM secondment_agreements a
  JOIN secondment_nominations n ON n.id = a.nomination_id
  JOIN secondment_posts p ON p.id = a.post_id`;
/** `IN` list of the nominations that hold their nominee for the post (lifecycle.ts). */
export const LIVE = `(${LIVE_NOMINATION_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export function orgRow(m: EntityManager, id: string): Promise<OrgRow | undefined> {
  return m.query<OrgRow[]>(`SELECT id, name, kind, district FROM organizations WHERE id = $1`, [id]).then((r) => r[0]);
}

export async function orgsById(m: EntityManager, ids: string[]): Promise<Map<string, OrgRow>> {
  const rows = await m.query<OrgRow[]>(
    `SELECT id, name, kind, district FROM organizations WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((o) => [o.id, o]));
}

export async function postRow(m: EntityManager, id: string, lock = false): Promise<PostRow | undefined> {
  const [row] = await m.query<PostRow[]>(
    `SELECT ${POST_COLUMNS} FROM secondment_posts p WHERE p.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export async function nominationRow(m: EntityManager, id: string, lock = false): Promise<NominationRow | undefined> {
  const [row] = await m.query<NominationRow[]>(
    `SELECT * FROM secondment_nominations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export async function agreementRow(m: EntityManager, id: string, lock = false): Promise<AgreementRow | undefined> {
  const [row] = await m.query<AgreementRow[]>(`${AGREEMENT_SELECT} WHERE a.id = $1 ${lock ? 'FOR UPDATE OF a' : ''}`, [
    id,
  ]);
  return row;
}

export async function activeAgreements(m: EntityManager, postId: string): Promise<number> {
  const [{ n }] = await m.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM secondment_agreements WHERE post_id = $1 AND status = 'active'`,
    [postId],
  );
  return n;
}

/** The organisations whose nominations for the post are still live: they hear of its edits, closing and filling. */
export async function liveNominatingOrgs(m: EntityManager, postId: string): Promise<string[]> {
  const rows = await m.query<Array<{ id: string }>>(
    `SELECT DISTINCT nominating_organization_id AS id FROM secondment_nominations WHERE post_id = $1 AND status IN ${LIVE}`,
    [postId],
  );
  return rows.map((r) => r.id);
}
