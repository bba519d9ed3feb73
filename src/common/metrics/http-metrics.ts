import type { NextFunction, Request, Response } from 'express';
import { httpDuration } from './metrics.js';

/**
 * The route a request is counted under: the matched route's pattern (/api/v1/needs/:id, never the URL with its
 * ids, so the series stay few), or the part of the site it asked for when no route matched.
 */
export function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  if (req.originalUrl.startsWith('/admin/queues')) return '/admin/queues';
  const first = /^\/([^/]*)/.exec(req.path)?.[1] ?? '';
  if (first === 'api') return 'unmatched';
  if (first === 'docs' || first === 'docs-json' || first === 'health' || first === 'metrics') return `/${first}`;
  return 'console';
}

/** Times every HTTP request into techmatch_http_request_duration_seconds when its response is finished. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
  next();
}
