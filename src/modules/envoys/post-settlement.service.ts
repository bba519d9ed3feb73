import { Injectable } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import { EnvoyNotifier } from './envoy-notifier.js';
import { activeAgreements, liveNominatingOrgs, type PostRow } from './envoy-rows.js';
import { UNSETTLED_NOMINATION_STATUSES, type NominationStatus } from './lifecycle.js';

/** Why the system declines a filled post's unsettled nominations. */
const POST_FILLED_REASON = '岗位已选定 / the post is filled';

/**
 * The system's own steps on a post, taken inside a user's step (signing, terminating, editing, closing): filling it,
 * opening it again, and settling what is still undecided on it.
 */
@Injectable()
export class PostSettlementService {
  constructor(private readonly notifier: EnvoyNotifier) {}

  /**
   * The system's step open → filled when the post's active agreements take all its places: audited (no actor), the
   * post's unsettled nominations declined ("the post is filled"), the enterprise and the nominating organisations told.
   * Used by signing (an agreement comes into force) and by editing (fewer positions). The post is locked by the caller.
   */
  async fillIfFull(tx: Tx, post: PostRow): Promise<boolean> {
    if (post.status !== 'open') return false;
    const active = await activeAgreements(tx.manager, post.id);
    if (active < post.positions) return false;
    const orgs = await liveNominatingOrgs(tx.manager, post.id);
    await tx.manager.query(`UPDATE secondment_posts SET status = 'filled', updated_at = now() WHERE id = $1`, [
      post.id,
    ]);
    await this.notifier.event(tx, {
      postId: post.id,
      subject: 'post',
      subjectId: post.id,
      actorId: null,
      kind: 'status',
      from: 'open',
      to: 'filled',
      note: `生效协议 ${active}/${post.positions} / ${active} of ${post.positions} positions filled`,
    });
    const settled = await this.settleNominations(tx, post, POST_FILLED_REASON, false);
    await this.notifier.notify(tx, post, 'secondment.post_filled', {
      organizationIds: [...new Set([post.organization_id, ...orgs])],
      title: '岗位已选定专家 / the post is filled',
      body: settled.declined
        ? `未决推荐 ${settled.declined} 项已婉拒 / ${settled.declined} open nominations declined`
        : undefined,
    });
    return true;
  }

  /**
   * The system's step filled → open when an active agreement of the post has been terminated and a place is free
   * again: audited (no actor); the enterprise, the nominating organisations and the coordinators are told
   * (`secondment.post_reopened`). The post is locked by the caller.
   */
  async reopenIfFree(tx: Tx, post: PostRow): Promise<boolean> {
    if (post.status !== 'filled') return false;
    const active = await activeAgreements(tx.manager, post.id);
    if (active >= post.positions) return false;
    await tx.manager.query(`UPDATE secondment_posts SET status = 'open', updated_at = now() WHERE id = $1`, [post.id]);
    await this.notifier.event(tx, {
      postId: post.id,
      subject: 'post',
      subjectId: post.id,
      actorId: null,
      kind: 'status',
      from: 'filled',
      to: 'open',
      note: `生效协议 ${active}/${post.positions}，岗位重新征集 / ${active} of ${post.positions} positions filled: open again`,
    });
    const orgs = await liveNominatingOrgs(tx.manager, post.id);
    await this.notifier.notify(tx, post, 'secondment.post_reopened', {
      organizationIds: [...new Set([post.organization_id, ...orgs])],
      coordinators: true,
      title: '协议终止，岗位重新征集专家 / an agreement ended: the post is open again',
      body: `空缺名额 / places free: ${post.positions - active}`,
    });
    return true;
  }

  /**
   * Ends what is undecided on a post that closes or is filled: its unsettled nominations (neither declined, withdrawn
   * nor matched) are declined with `reason`; when `terminateDrafts`, its draft agreements are terminated too. Each
   * step audited (no actor). Rows locked after the post (the caller holds its lock).
   */
  async settleNominations(
    tx: Tx,
    post: PostRow,
    reason: string,
    terminateDrafts: boolean,
  ): Promise<{ declined: number; terminated: number }> {
    const nominations = await tx.manager.query<Array<{ id: string; status: NominationStatus }>>(
      `SELECT id, status FROM secondment_nominations WHERE post_id = $1 AND status = ANY($2::text[])
        ORDER BY created_at, id FOR UPDATE`,
      [post.id, UNSETTLED_NOMINATION_STATUSES],
    );
    if (nominations.length) {
      await tx.manager.query(
        `UPDATE secondment_nominations SET status = 'declined', decline_reason = $2, updated_at = now()
          WHERE id = ANY($1::uuid[])`,
        [nominations.map((n) => n.id), reason],
      );
    }
    for (const n of nominations) {
      await this.notifier.event(tx, {
        postId: post.id,
        subject: 'nomination',
        subjectId: n.id,
        actorId: null,
        kind: 'declined',
        from: n.status,
        to: 'declined',
        note: reason,
      });
    }
    let drafts: Array<{ id: string }> = [];
    if (terminateDrafts) {
      drafts = await tx.manager.query<Array<{ id: string }>>(
        `SELECT id FROM secondment_agreements WHERE post_id = $1 AND status = 'draft' ORDER BY created_at, id FOR UPDATE`,
        [post.id],
      );
      if (drafts.length) {
        await tx.manager.query(
          `UPDATE secondment_agreements SET status = 'terminated', termination_reason = $2, ended_at = now(),
              updated_at = now() WHERE id = ANY($1::uuid[])`,
          [drafts.map((d) => d.id), reason],
        );
      }
      for (const d of drafts) {
        await this.notifier.event(tx, {
          postId: post.id,
          subject: 'agreement',
          subjectId: d.id,
          actorId: null,
          kind: 'status',
          from: 'draft',
          to: 'terminated',
          note: reason,
        });
      }
    }
    return { declined: nominations.length, terminated: drafts.length };
  }
}
