import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { notFound } from '../../common/errors/app-errors.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { readChallenge, type ChallengeRecord } from './challenge-record.js';
import { PUBLIC_CHALLENGE_STATUSES, type ChallengeActor } from './lifecycle.js';

export const CHALLENGE = '揭榜挂帅 / challenge';

/**
 * Whether everyone may see the challenge: a public status (lifecycle.ts), and for `failed` only if it had been
 * published (a draft or a challenge awaiting approval that is closed stays its issuer's and the coordinators').
 * The SQL twin is PUBLIC_CHALLENGE_SQL.
 */
export function isPublicChallenge(c: Pick<ChallengeRecord, 'status' | 'publishedAt'>): boolean {
  return PUBLIC_CHALLENGE_STATUSES.includes(c.status) && (c.status !== 'failed' || c.publishedAt !== null);
}

/** isPublicChallenge in SQL, on `c` (challenges); `$statuses` is the placeholder bound to PUBLIC_CHALLENGE_STATUSES. */
export const publicChallengeSql = (statuses: string) =>
  `(c.status = ANY(${statuses}::challenge_status[]) AND (c.status <> 'failed' OR c.published_at IS NOT NULL))`;
export const APPLICATION = '揭榜申请 / application';

type Who = Pick<AuthUser, 'id' | 'role' | 'organizationId'>;

/**
 * Who is who on a challenge: coordinators (and admins) see and run everything; the issuing organisation's members
 * see their own drafts; everyone signed in sees the public statuses; an applicant is a member organisation of a live
 * application. Loading a challenge someone may not see is a 404, as for any unknown id.
 */
/**
 * Another module's say on who else reads an application and its attachments (the review module: panel experts
 * without a conflict). Returns true to allow; it is asked only for callers who are neither coordinators nor members
 * of the application.
 */
export type ApplicationReader = (
  m: Pick<EntityManager, 'query'>,
  user: Pick<AuthUser, 'id' | 'role' | 'organizationId'>,
  challengeId: string,
  applicationId: string,
) => Promise<boolean>;

@Injectable()
export class ChallengeAccess {
  private readonly readers: ApplicationReader[] = [];

  /** Lets another module allow more readers of applications (e.g. challenge-reviews: the panel). */
  registerApplicationReader(reader: ApplicationReader): void {
    this.readers.push(reader);
  }

  /** Coordinators, the application's member organisations, and whom a registered reader allows. */
  async mayReadApplication(
    m: Pick<EntityManager, 'query'>,
    user: Who,
    challengeId: string,
    applicationId: string,
  ): Promise<boolean> {
    if (isCoordinator(user)) return true;
    if (await this.isApplicationMember(m, user, applicationId)) return true;
    for (const reader of this.readers) if (await reader(m, user, challengeId, applicationId)) return true;
    return false;
  }

  isCoordinator(user: Pick<AuthUser, 'role'> | null): boolean {
    return !!user && isCoordinator(user);
  }

  isIssuerMember(user: Who | null, c: Pick<ChallengeRecord, 'issuerOrganizationId'>): boolean {
    return !!user && user.organizationId === c.issuerOrganizationId;
  }

  /** The lifecycle's actor (lifecycle.ts): null (the system) counts as a coordinator. */
  actor(user: Who | null, c: Pick<ChallengeRecord, 'issuerOrganizationId'>): ChallengeActor {
    if (!user || isCoordinator(user)) return 'coordinator';
    return this.isIssuerMember(user, c) ? 'issuer' : 'other';
  }

  /**
   * Drafts and challenges awaiting approval: their issuer and coordinators only; a challenge closed as failed is
   * public only if it had been published (isPublicChallenge). `null`: a visitor of the hall.
   */
  canSee(user: Who | null, c: Pick<ChallengeRecord, 'status' | 'issuerOrganizationId' | 'publishedAt'>): boolean {
    if (isPublicChallenge(c)) return true;
    return this.isCoordinator(user) || this.isIssuerMember(user, c);
  }

  /** A challenge `user` may see (404 otherwise); `lock` reads it FOR UPDATE in `m`'s transaction. */
  async load(m: Pick<EntityManager, 'query'>, user: Who | null, id: string, lock = false): Promise<ChallengeRecord> {
    const c = await readChallenge(m, id, lock);
    if (!c || !this.canSee(user, c)) throw notFound(CHALLENGE);
    return c;
  }

  /**
   * The caller's organisation's live (not withdrawn) applications to a challenge, as lead or accepted consortium
   * member (an invitation not yet accepted does not make an applicant).
   */
  async applicationsOf(
    m: Pick<EntityManager, 'query'>,
    challengeId: string,
    organizationId: string,
  ): Promise<string[]> {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT a.id FROM challenge_applications a
         JOIN challenge_application_members mb ON mb.application_id = a.id
        WHERE a.challenge_id = $1 AND mb.organization_id = $2 AND a.status <> 'withdrawn'
          AND mb.status = 'accepted'`,
      [challengeId, organizationId],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the caller's organisation is in a live application to the challenge. */
  async isApplicant(m: Pick<EntityManager, 'query'>, user: Who, challengeId: string): Promise<boolean> {
    return (await this.applicationsOf(m, challengeId, user.organizationId)).length > 0;
  }

  /**
   * Whether the caller's organisation is in the given application (any application status, withdrawn too): the lead,
   * an accepted member, or an invited one (which reads it to decide); not once it has declined or left.
   */
  async isApplicationMember(m: Pick<EntityManager, 'query'>, user: Who, applicationId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM challenge_application_members
        WHERE application_id = $1 AND organization_id = $2 AND status <> 'declined'`,
      [applicationId, user.organizationId],
    );
    return rows.length > 0;
  }
}
