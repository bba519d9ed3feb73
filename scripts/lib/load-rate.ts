// Requests at a fixed rate with autocannon. One autocannon instance per connection, each at `connectionRate` 1
// request per second, their starts spread evenly over the first second: arrivals come every 1/rate s, each on its
// own connection, whatever the latency of the others (up to 1 s). A single instance with `overallRate` would send
// each second's requests in one burst at the start of the second (its limiter is a per-second budget), which
// measures a burst, not a rate. Latencies are taken from each response as it completes: autocannon 9's own
// coordinated-omission correction assumes a 1 ms interval and would invent samples. A connection whose answer takes
// longer than a second sends its next request late: the achieved rate then falls short of the target, and is
// reported. Each phase ends on time: requests not yet written when it ends are not sent.
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';

interface AcRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The part of autocannon's per-connection client this module steers (see lib/httpClient.js). */
interface AcClient {
  /** Requests written so far on this connection. */
  reqsMade: number;
  /** The client closes itself, instead of writing, once `reqsMade` reaches this. */
  responseMax: number;
}

interface AcOptions {
  url: string;
  setupClient: (client: AcClient) => void;
  connections: number;
  connectionRate: number;
  amount: number;
  timeout: number;
  ignoreCoordinatedOmission: boolean;
  requests: Array<{
    setupRequest: (req: AcRequest) => AcRequest;
    onResponse: (status: number, body: string) => void;
  }>;
}

interface AcInstance extends EventEmitter {
  stop: () => void;
}

type Autocannon = (opts: AcOptions, done: (err: Error | null) => void) => AcInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RateRun {
  targetRate: number;
  seconds: number;
  /** Requests written. */
  sent: number;
  /** Rate of the requests written, per second, from the first to the last. */
  achievedRate: number;
  /** Milliseconds from writing a request to its complete response, one per response. */
  latencies: number[];
  /** Responses by status code. */
  statuses: Map<number, number>;
  /** Requests that got no response: timeouts, resets, refused connections, by kind. */
  errors: Map<string, number>;
}

export function countNon2xx(run: RateRun): number {
  let n = 0;
  for (const [status, count] of run.statuses) if (status < 200 || status > 299) n += count;
  return n;
}

export function countErrors(run: RateRun): number {
  let n = 0;
  for (const count of run.errors.values()) n += count;
  return n;
}

/**
 * Sends `rate` requests per second for `seconds` seconds to `origin`, each one made by `next()` when it is about to
 * be written. `onResponse` sees every response's status and body (with the moment it completed).
 */
export async function atFixedRate(opts: {
  origin: string;
  rate: number;
  seconds: number;
  next: () => Request;
  onResponse?: (status: number, body: string, at: number) => void;
  timeoutSeconds?: number;
}): Promise<RateRun> {
  const run: RateRun = {
    targetRate: opts.rate,
    seconds: opts.seconds,
    sent: 0,
    achievedRate: 0,
    latencies: [],
    statuses: new Map(),
    errors: new Map(),
  };
  let firstSend = Infinity;
  let lastSend = -Infinity;
  const spacing = 1000 / opts.rate;
  const finished: Array<Promise<void>> = [];
  for (let i = 0; i < opts.rate; i++) {
    finished.push(
      new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          let connection: AcClient | null = null;
          const instance = autocannon(
            {
              url: opts.origin,
              setupClient: (c) => (connection = c),
              connections: 1,
              connectionRate: 1,
              amount: opts.seconds,
              timeout: opts.timeoutSeconds ?? 10,
              ignoreCoordinatedOmission: true,
              requests: [
                {
                  setupRequest: (req) => {
                    // Called once per request, just before autocannon writes it.
                    const now = performance.now();
                    firstSend = Math.min(firstSend, now);
                    lastSend = Math.max(lastSend, now);
                    run.sent++;
                    const r = opts.next();
                    return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
                  },
                  onResponse: (status, body) => opts.onResponse?.(status, body, performance.now()),
                },
              ],
            },
            (err) => (err ? reject(err) : resolve()),
          );
          // An answer slower than a second holds the connection's next request back, so a slow service would
          // stretch the phase; at its end the connection writes nothing more and closes once its request in flight
          // is answered (or times out).
          setTimeout(() => {
            if (connection) connection.responseMax = Math.max(1, connection.reqsMade);
          }, opts.seconds * 1000);
          instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
            run.latencies.push(ms);
            run.statuses.set(status, (run.statuses.get(status) ?? 0) + 1);
          });
          instance.on('reqError', (err: Error & { code?: string }) => {
            const kind = err.code ?? (/timed out/.test(err.message) ? 'timeout' : err.message);
            run.errors.set(kind, (run.errors.get(kind) ?? 0) + 1);
          });
        }, i * spacing);
      }),
    );
  }
  await Promise.all(finished);
  run.achievedRate = run.sent > 1 ? ((run.sent - 1) * 1000) / (lastSend - firstSend) : 0;
  return run;
}
