// The notifications queue's jobs, declared beside their processor (notifications.processor.ts).
import { QUEUES, type JobRequest } from '../../jobs/queues.js';

export const NOTIFICATION_JOBS = {
  /** Send one event to one organisation's webhook (a delivery row). */
  webhook: 'webhook',
  /** E-mail one event to the users whose inbox got it (when SMTP_URL is set). */
  email: 'email',
  /** The repeatable check of needs' deadlines (registered once, not per process). */
  deadlines: 'deadlines',
} as const;
export type NotificationJobName = (typeof NOTIFICATION_JOBS)[keyof typeof NOTIFICATION_JOBS];

export interface NotificationPayloads {
  webhook: { deliveryId: string };
  email: { eventId: string };
  deadlines: Record<string, never>;
}

/** A webhook delivery's job; a replay is a new job with an id of its own (`replay`), never one BullMQ still holds. */
export function webhookJob(deliveryId: string, replay: string | null = null): JobRequest<'webhook'> {
  return {
    queue: QUEUES.notifications,
    name: NOTIFICATION_JOBS.webhook,
    jobId: replay ? `webhook-${deliveryId}-replay-${replay}` : `webhook-${deliveryId}`,
    data: { deliveryId } satisfies NotificationPayloads['webhook'],
  };
}

/** The e-mail of one event to its inbox's users. */
export function emailJob(eventId: string): JobRequest<'email'> {
  return {
    queue: QUEUES.notifications,
    name: NOTIFICATION_JOBS.email,
    jobId: `email-${eventId}`,
    data: { eventId } satisfies NotificationPayloads['email'],
  };
}
