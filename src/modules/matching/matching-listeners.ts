import { Injectable, type OnModuleInit } from '@nestjs/common';
import { conflict } from '../../common/errors/app-errors.js';
import type { Tx } from '../../jobs/unit-of-work.js';
import type { CatalogEntity } from '../listings/catalog-change.entity.js';
import { ListingEvents, type ListingChange, type ListingEventHandler } from '../listings/listing-events.js';
import { MatchesRepository } from './matches.repository.js';
import { BULK_THRESHOLD, MATCHING_JOBS, matchingJob, type MatchingJobName } from './matching-jobs.js';

const JOB_FOR: Record<CatalogEntity, MatchingJobName> = {
  need: MATCHING_JOBS.needChanged,
  capability: MATCHING_JOBS.capabilityChanged,
};

const STILL_DELETABLE = new Set(['suggested', 'rejected']);

/**
 * What matching does when listings change, in the writing transaction (so what it queues stands or falls with the
 * change): it queues its job for the change, and keeps its own records right when a listing is deleted. Registered
 * with the listings' events at start, in both processes.
 */
@Injectable()
export class MatchingListeners implements ListingEventHandler, OnModuleInit {
  constructor(
    private readonly events: ListingEvents,
    private readonly matches: MatchesRepository,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async changed(tx: Tx, change: ListingChange): Promise<void> {
    // One job per write: a batch of 1,000 listings is matched together. Sequence numbers make the id unique. A big
    // batch (an import) waits in the bulk queue, so it never holds up a single need someone just posted.
    await tx.enqueue([
      matchingJob(
        JOB_FOR[change.kind],
        `${change.kind}-${change.firstSeq}`,
        { ids: change.ids, op: change.op, seq: change.lastSeq },
        { bulk: change.ids.length > BULK_THRESHOLD },
      ),
    ]);
  }

  /**
   * A listing whose match a coordinator has approved (or carried further) is part of an introduction's record and
   * cannot be deleted: it should be closed or withdrawn instead. Suggestions and rejections go with it (cascade), and
   * the open needs that showed a deleted capability have a place free: they are ranked again once it is gone.
   */
  async deleting(tx: Tx, kind: CatalogEntity, ids: string[]): Promise<void> {
    const statuses = await this.matches.lockStatusesOf(tx.manager, kind === 'need' ? 'need_id' : 'capability_id', ids);
    if (statuses.some((s) => !STILL_DELETABLE.has(s))) {
      throw conflict(
        kind === 'need'
          ? '该需求已有通过审核的匹配，不能删除，请改为关闭 / this need has approved matches: close it instead of deleting it'
          : '该成果已有通过审核的匹配，不能删除，请改为撤回 / this capability has approved matches: withdraw it instead of deleting it',
      );
    }
    if (kind !== 'capability') return;
    const needs = await this.matches.openNeedsSuggesting(tx.manager, ids);
    if (!needs.length) return;
    // A listing is deleted once, so its id names the refill for good.
    await tx.enqueue([
      matchingJob(
        MATCHING_JOBS.needsRefill,
        `needs-refill-${kind}-${ids[0]}`,
        { ids: needs },
        { bulk: needs.length > BULK_THRESHOLD },
      ),
    ]);
  }
}
