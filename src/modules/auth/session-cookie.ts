import type { Request } from 'express';

/** The browser console's session cookie (HttpOnly, SameSite=Strict): the same token the API accepts as bearer. */
export const SESSION_COOKIE = 'techmatch_session';

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim()) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}
