import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * The policy of a bundled third-party page (Swagger UI at /docs, Bull Board at /admin/queues): scripts from our
 * origin only, as everywhere, but the style elements it inserts at run time allowed. Bull Board finds its assets
 * through a <base href>, hence `baseUri`.
 */
const bundledPage = (baseUri: "'none'" | "'self'"): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    `base-uri ${baseUri}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Content-Security-Policy for every response. Pages of the console get a fresh nonce per load: scripts come only
 * from our own origin, and inline <style> elements (antd's runtime styles) only with that nonce. Swagger UI and
 * Bull Board are allowed their own inline styles; API responses allow nothing at all.
 */
export function cspFor(path: string, nonce: string): string {
  if (under(path, '/docs')) return bundledPage("'none'");
  if (under(path, '/admin/queues')) return bundledPage("'self'");
  if (path.startsWith('/api/') || path.startsWith('/health')) return "default-src 'none'; frame-ancestors 'none'";
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
