import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: close the app (HTTP stops accepting, BullMQ workers finish the job in hand, connections
 * close) and exit 0. A second signal exits at once. Closing waits on Redis and PostgreSQL: when one of them is away
 * it would wait for ever, so after `graceMs` the process exits 1 anyway. Nothing is lost by that: a job left in hand
 * is taken up again by another worker once its lock lapses, and its outbox row is still in PostgreSQL.
 */
export function closeOnSignals(app: INestApplicationContext, log: (msg: string) => void, graceMs: number): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      log(`${signal} received: shutting down`);
      setTimeout(() => {
        log(`still closing after ${graceMs} ms (is Redis or PostgreSQL away?): exiting now`);
        process.exit(1);
      }, graceMs).unref();
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
