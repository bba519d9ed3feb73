import type { Request } from 'express';
import type { AppConfig } from '../../config/app-config.js';

/**
 * The scheme the browser used. Behind a TLS-terminating proxy the connection to us is plain HTTP, so the proxy's
 * X-Forwarded-Proto counts too: a cross-site page cannot set that header on a browser's request, and at worst a
 * client makes its own cookie stricter.
 */
function schemes(req: Request): string[] {
  const forwarded = req.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return [...new Set([req.protocol, ...(forwarded === 'https' || forwarded === 'http' ? [forwarded] : [])])];
}

/** Whether the browser reached the console over HTTPS (so the session cookie is marked Secure). */
export function servedOverHttps(req: Request, config: Pick<AppConfig, 'publicUrl'>): boolean {
  return req.secure || schemes(req).includes('https') || (config.publicUrl?.startsWith('https:') ?? false);
}

/**
 * Whether a browser request comes from the console's own origin: its Origin header is this host under the scheme
 * the browser used (or PUBLIC_URL), or, without Origin, Sec-Fetch-Site says same-origin.
 */
export function sameOrigin(req: Request, config: Pick<AppConfig, 'publicUrl'>): boolean {
  const origin = req.headers.origin;
  if (origin) {
    const host = req.get('host');
    const allowed = new Set(schemes(req).map((s) => `${s}://${host}`));
    if (config.publicUrl) allowed.add(config.publicUrl);
    return allowed.has(origin);
  }
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
