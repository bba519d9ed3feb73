import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxService } from './outbox.service.js';
import type { JobRequest } from './queues.js';

/** A transaction in progress: the manager its queries run on, and the way it queues work for after its commit. */
export interface Tx {
  readonly manager: EntityManager;
  /**
   * Records jobs in this transaction (outbox rows, so they stand or fall with it); they are handed to Redis once it
   * has committed. Duplicate job ids are ignored, the first one stands.
   */
  enqueue(jobs: JobRequest[]): Promise<void>;
}

/**
 * "Write in a transaction, enqueue after commit", in one place. A job sent to Redis before its transaction commits
 * could run against rows that do not exist yet (or never will, after a rollback); one recorded only after the commit
 * is lost if the process dies in between. So `run` gives the work a transaction whose jobs (and notifications, which
 * are rows and jobs) are written with it, and dispatches them once it has committed; if Redis is away then, the
 * outbox relay sends them later.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // Filled only once the transaction's statements succeeded; a rollback throws before anything is dispatched.
    const jobs: JobRequest[] = [];
    const result = await this.dataSource.transaction((manager) =>
      work({
        manager,
        enqueue: async (list) => {
          jobs.push(...(await this.outbox.add(manager, list)));
        },
      }),
    );
    await this.outbox.dispatch(jobs);
    return result;
  }
}
