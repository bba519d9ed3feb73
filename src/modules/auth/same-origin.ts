import type { Request } from 'express';

/** Whether a browser request comes from the console's own origin (Origin header, or else Sec-Fetch-Site). */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin) return origin === `${req.protocol}://${req.get('host')}`;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
