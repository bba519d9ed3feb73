import { Injectable } from '@nestjs/common';
import type { Schedule } from './schedules.js';

/** A feature's job in the `maintenance` queue: its handler, and when it runs by itself. */
export interface MaintenanceJob {
  /** The job's name in the queue (declared by the feature, beside its handler). */
  name: string;
  handler: (data: Record<string, unknown>) => Promise<unknown>;
  /** Its job scheduler's id, kept whether or not the job is scheduled, so that turning a schedule off removes it. */
  schedulerId: string;
  /** When it runs by itself (null: only when asked for). */
  schedule: Omit<Schedule, 'id' | 'name'> | null;
}

/**
 * The `maintenance` queue's jobs that features bring (the queue's own, retention, is built in): each feature
 * registers its job at start, as features register their retention tasks, so the queue's infrastructure knows no
 * feature's job names. The maintenance processor runs and schedules what is registered here.
 */
@Injectable()
export class MaintenanceJobsService {
  private readonly jobs = new Map<string, MaintenanceJob>();

  register(job: MaintenanceJob): void {
    if (typeof job.handler !== 'function') throw new Error(`maintenance job ${job.name} registered without a handler`);
    if (this.jobs.has(job.name)) throw new Error(`maintenance job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  get(name: string): MaintenanceJob | undefined {
    return this.jobs.get(name);
  }

  all(): MaintenanceJob[] {
    return [...this.jobs.values()];
  }
}
