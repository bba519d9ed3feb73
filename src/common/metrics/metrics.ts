import { hostname } from 'node:os';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics. Every series carries the process kind and its instance (host:pid), so that the
 * API can serve its own and every live worker's side by side at /metrics (workers have no HTTP port: they publish
 * theirs to Redis, see metrics-publisher.service.ts).
 */
export const registry = new Registry();
export const INSTANCE = `${hostname()}:${process.pid}`;

let started = false;
/** Labels this process's series and starts Node's own metrics (memory, event loop, GC). Once per process. */
export function startProcessMetrics(kind: 'api' | 'worker'): void {
  if (started) return;
  started = true;
  registry.setDefaultLabels({ process: kind, instance: INSTANCE });
  collectDefaultMetrics({ register: registry, prefix: 'techmatch_' });
}

export const httpDuration = new Histogram({
  name: 'techmatch_http_request_duration_seconds',
  help: 'HTTP requests by method, route (its pattern, not the URL) and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'techmatch_job_duration_seconds',
  help: 'Background jobs run by the worker, by queue, job name and outcome (completed, failed)',
  labelNames: ['queue', 'name', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  registers: [registry],
});
