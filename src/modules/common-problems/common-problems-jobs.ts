// The common problems' jobs in the `maintenance` queue, declared beside their handler (common-problems.detector.ts).

export const COMMON_PROBLEM_JOBS = {
  /** Cluster the open needs into candidate common problems (daily, or on a coordinator's request). */
  detect: 'common-problems-detect',
  /** Work out one problem's shared terms, lead and fitting capabilities again (after a coordinator's edit). */
  refresh: 'common-problems-refresh',
} as const;

/** The daily detection's job scheduler, at 03:00 Harbin time. */
export const COMMON_PROBLEMS_DETECT_SCHEDULER = 'common-problems-detect-daily';
export const COMMON_PROBLEMS_DETECT_CRON = '0 3 * * *';
/** The refresh runs on demand only; its scheduler id is kept so that none lingers. */
export const COMMON_PROBLEMS_REFRESH_SCHEDULER = 'common-problems-refresh-none';

export interface DetectPayload {
  /** The coordinator who asked for it (absent for the scheduled run). */
  requestedBy?: string;
}

export interface RefreshPayload {
  problemId: string;
}
