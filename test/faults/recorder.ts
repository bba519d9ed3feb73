// An HTTP client that keeps every answer (status, time, Retry-After, error shape), so that a scenario can say
// "no 500 at any time" and count what was answered during an outage.

export interface Sample {
  /** What the request was for, e.g. 'post-need' or 'ready'. */
  label: string;
  method: string;
  path: string;
  /** When the request was sent and when it was answered (ms since the epoch). */
  sentAt: number;
  at: number;
  /** 0 when no answer came (connection refused, reset, or no answer within the timeout). */
  status: number;
  retryAfter: string | null;
  body: unknown;
  error?: string;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers | null;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  label?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export class Recorder {
  readonly samples: Sample[] = [];

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, o: RequestOptions = {}): Promise<Reply<T>> {
    const sentAt = Date.now();
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const sample: Sample = {
      label: o.label ?? `${method} ${path.split('?')[0]}`,
      method,
      path,
      sentAt,
      at: sentAt,
      status: 0,
      retryAfter: null,
      body: null,
    };
    try {
      const r = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: AbortSignal.timeout(o.timeoutMs ?? 20000),
      });
      const text = await r.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text
      }
      Object.assign(sample, { at: Date.now(), status: r.status, retryAfter: r.headers.get('retry-after'), body });
      this.samples.push(sample);
      return { status: r.status, body: body as T, headers: r.headers };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      Object.assign(sample, { at: Date.now(), error: e.cause?.code ?? e.name ?? e.message });
      this.samples.push(sample);
      return { status: 0, body: null as T, headers: null };
    }
  }

  get = <T = unknown>(path: string, o?: RequestOptions) => this.request<T>('GET', path, o);
  post = <T = unknown>(path: string, o?: RequestOptions) => this.request<T>('POST', path, o);

  /** Samples sent in [from, to), optionally of one label. */
  between(from: number, to: number, label?: string): Sample[] {
    return this.samples.filter((s) => s.sentAt >= from && s.sentAt < to && (!label || s.label === label));
  }

  /** Server errors other than 503 (the one an outage may answer). */
  serverErrors(): Sample[] {
    return this.samples.filter((s) => s.status >= 500 && s.status !== 503);
  }

  unanswered(): Sample[] {
    return this.samples.filter((s) => s.status === 0);
  }
}

/** `{201: 16, 503: 41}` as '201: 16, 503: 41'; unanswered requests appear as 'none'. */
export function statusCounts(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const k = s.status === 0 ? `none(${s.error ?? '?'})` : String(s.status);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return (
    [...counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || 'none'
  );
}

export function countStatus(samples: Sample[], status: number): number {
  return samples.filter((s) => s.status === status).length;
}

/** The house error shape `{statusCode, error, message, details?}` with the status the response carried. */
export function hasErrorShape(s: Sample): boolean {
  const b = s.body as Record<string, unknown> | null;
  return (
    !!b &&
    typeof b === 'object' &&
    b.statusCode === s.status &&
    typeof b.error === 'string' &&
    (typeof b.message === 'string' || Array.isArray(b.message))
  );
}

/**
 * Sends one request every `everyMs` without waiting for the previous one (an open loop: a slow answer does not
 * slow the stream down, as with real users), until stopped. Resolves when every request sent has an answer.
 */
export function stream(send: (i: number) => Promise<unknown>, everyMs: number): { stop: () => Promise<number> } {
  const pending = new Set<Promise<unknown>>();
  let i = 0;
  const timer = setInterval(() => {
    const p = send(i++).catch(() => undefined);
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...pending]);
      return i;
    },
  };
}
