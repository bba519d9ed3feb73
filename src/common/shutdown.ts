import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: close the app (HTTP stops accepting, BullMQ workers finish the job in hand, connections
 * close) and exit 0. A second signal exits at once.
 */
export function closeOnSignals(app: INestApplicationContext, log: (msg: string) => void): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) process.exit(1);
      closing = true;
      log(`${signal} received: shutting down`);
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
