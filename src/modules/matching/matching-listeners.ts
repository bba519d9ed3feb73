import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import type { CatalogEntity } from '../listings/catalog-change.entity.js';
import { ListingEvents, type ListingChange, type ListingEventHandler } from '../listings/listing-events.js';
import { BULK_THRESHOLD, MATCHING_JOBS, matchingJob, type MatchingJobName } from './matching-jobs.js';

const JOB_FOR: Record<CatalogEntity, MatchingJobName> = {
  need: MATCHING_JOBS.needChanged,
  capability: MATCHING_JOBS.capabilityChanged,
};

/**
 * What matching does when listings change: it queues its job for the change, in the writing transaction (so the job
 * stands or falls with the change). Registered with the listings' events at start, in both processes.
 */
@Injectable()
export class MatchingListeners implements ListingEventHandler, OnModuleInit {
  constructor(private readonly events: ListingEvents) {}

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
}
