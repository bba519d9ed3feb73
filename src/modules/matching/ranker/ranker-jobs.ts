// The re-ranker's job in the `maintenance` queue, declared beside its handler (ranker-training.service.ts).

export const RANKER_JOBS = {
  /** Fit an adjustment on coordinators' decisions and keep it if it beats the active model (daily, or on demand). */
  train: 'ranker-train',
} as const;

/** The job scheduler of the daily training (RANKER_TRAIN_CRON). */
export const RANKER_TRAIN_SCHEDULER = 'ranker-train-daily';

export interface RankerTrainPayload {
  /** The admin who asked for it (absent for the scheduled run). */
  requestedBy?: string;
}
