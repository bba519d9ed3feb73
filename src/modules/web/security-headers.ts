import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Content-Security-Policy for every response. Pages of the console get a fresh nonce per load: scripts come only
 * from our own origin, and inline <style> elements (antd's runtime styles) only with that nonce. Swagger UI at /docs
 * is allowed its own inline styles; API responses allow nothing at all.
 */
export function cspFor(path: string, nonce: string): string {
  if (path === '/docs' || path.startsWith('/docs/')) {
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
  }
  if (path.startsWith('/api/') || path.startsWith('/health')) return "default-src 'none'; frame-ancestors 'none'";
  if (path === '/admin/queues' || path.startsWith('/admin/queues/')) {
    // Bull Board (the admins' queue page): scripts from our origin only, as everywhere; like Swagger UI it inserts
    // style elements at run time, and it finds its assets through a <base href>.
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    // Style attributes set by components (widths, positions) are allowed; style elements need the nonce.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface NonceLocals {
  cspNonce: string;
}

// Referrer-Policy same-origin rather than helmet's no-referrer: with no-referrer the browser sends `Origin: null`
// on the console's own form posts, and the same-origin check of sign-in and cookie writes could not pass.
const otherHeaders = helmet({
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'same-origin' },
});

/** helmet's usual headers plus our Content-Security-Policy, on every response. */
export function securityHeaders(req: Request, res: Response<unknown, NonceLocals>, next: NextFunction): void {
  const nonce = randomBytes(16).toString('base64');
  res.locals.cspNonce = nonce;
  res.setHeader('Content-Security-Policy', cspFor(req.path, nonce));
  otherHeaders(req, res, next);
}
