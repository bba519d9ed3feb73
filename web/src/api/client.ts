// The console talks only to the public API (/api/v1). The session is an HttpOnly cookie the browser sends by
// itself: no token is ever stored where page scripts could read it.

export interface FieldError {
  field: string;
  message: string;
  index?: number;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    /** Seconds the server asked to wait before trying again (Retry-After of a 429), if it said. */
    readonly retryAfter?: number,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The field-level problems of a 400, if any. */
  get fieldErrors(): FieldError[] {
    const d = this.body?.details;
    return Array.isArray(d) ? (d as FieldError[]).filter((x) => typeof x?.field === 'string') : [];
  }
}

export const API_BASE = '/api/v1';

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function queryString(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x));
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

let onUnauthorized: (() => void) | null = null;
/** Called when a request finds the session gone (401), so the app can send the user to /login. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export interface RequestOptions {
  raw?: boolean;
  contentType?: string;
  /**
   * The caller handles a 401 itself instead of the app sending the user to /login: for what visitors read without
   * a session (the halls), where a 401 only means "sign in to read this" and the page says so.
   */
  ownUnauthorized?: boolean;
}

export async function api<T>(method: string, path: string, body?: unknown, init: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (init.contentType) {
      headers['content-type'] = init.contentType;
      payload = body as BodyInit;
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const r = await fetch(`${API_BASE}${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  if (init.raw) {
    if (!r.ok) throw new ApiError(r.status, null);
    return (await r.blob()) as T;
  }
  const text = await r.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const own = init.ownUnauthorized || path === '/auth/login' || path === '/me';
    if (r.status === 401 && !own) onUnauthorized?.();
    const wait = Number(r.headers.get('retry-after'));
    throw new ApiError(r.status, json as ErrorBody | null, Number.isFinite(wait) && wait > 0 ? wait : undefined);
  }
  return json as T;
}

export const get = <T>(path: string, q?: Query, init?: RequestOptions) =>
  api<T>('GET', `${path}${queryString(q)}`, undefined, init);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = (path: string) => api<null>('DELETE', path);
