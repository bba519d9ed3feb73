import type { EntityManager } from 'typeorm';
import { forbidden, notFound } from '../../common/errors/app-errors.js';
import type { Tx } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { isCoordinator } from '../auth/auth-user.js';
import { nominationRow, postRow, type AgreementRow, type NominationRow, type PostRow } from './envoy-rows.js';
import type { NominationSide } from './lifecycle.js';

// Who is who on a post, a nomination or an agreement. Outsiders get 404 (they may not learn a row exists); a party
// without the right to a step gets 403.

export type AgreementSide = 'coordinator' | 'enterprise' | 'provider';

/** A post the caller may see (drafts: its enterprise and coordinators), else 404. */
export async function visiblePost(m: EntityManager, user: AuthUser, id: string, lock = false): Promise<PostRow> {
  const post = await postRow(m, id, lock);
  if (!post || (post.status === 'draft' && !isCoordinator(user) && post.organization_id !== user.organizationId)) {
    throw notFound('岗位');
  }
  return post;
}

export function requireOwner(user: AuthUser, post: PostRow, read = false): void {
  if (isCoordinator(user) || post.organization_id === user.organizationId) return;
  throw forbidden(
    read
      ? '只有发布岗位的企业和协调员可以查看推荐专家 / only the enterprise and coordinators see the ranked experts'
      : '只有发布岗位的企业和协调员可以操作 / only the enterprise and coordinators manage the post',
  );
}

/** A nomination and its post, locked post first (as every step that locks both does), or undefined. */
export async function lockNomination(
  tx: Tx,
  id: string,
): Promise<{ n: NominationRow | undefined; post: PostRow | undefined }> {
  const pre = await nominationRow(tx.manager, id);
  if (!pre) return { n: undefined, post: undefined };
  const post = await postRow(tx.manager, pre.post_id, true);
  const n = await nominationRow(tx.manager, id, true);
  return { n, post };
}

export function nominationSide(user: AuthUser, post: PostRow, n: NominationRow): NominationSide {
  if (isCoordinator(user)) return 'coordinator';
  if (post.organization_id === user.organizationId) return 'enterprise';
  if (n.nominating_organization_id !== user.organizationId) return 'other';
  // The nominee accepts for themselves; without a nominee user, the nominating organisation does.
  if (n.nominee_user_id === user.id || !n.nominee_user_id) return 'nominee';
  return 'nominating';
}

export function agreementSide(user: AuthUser, a: AgreementRow): AgreementSide | null {
  if (isCoordinator(user)) return 'coordinator';
  if (a.post_organization_id === user.organizationId) return 'enterprise';
  if (a.nominating_organization_id === user.organizationId) return 'provider';
  return null;
}

/** The envoy: the nominee user, or (a nomination naming none) a member of the nominating organisation. */
export function isEnvoy(user: AuthUser, a: AgreementRow): boolean {
  if (a.nominating_organization_id !== user.organizationId || isCoordinator(user)) return false;
  return a.nominee_user_id ? a.nominee_user_id === user.id : true;
}
