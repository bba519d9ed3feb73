// Steady traffic during a fault: needs posted at a fixed rate, sign-in checks, readiness probes. Every answer is
// kept by the Recorder; the needs the API acknowledged (2xx) are what must get matches afterwards.
import { needItem } from './catalogue.js';
import { stream, type Recorder, type Sample } from './recorder.js';

export interface Acknowledged {
  id: string;
  at: number;
}

export interface Traffic {
  acknowledged: Acknowledged[];
  stop: () => Promise<void>;
}

/** POST /needs at `perSecond`, each a new need on a rotating topic; label 'post-need'. */
export function postNeeds(http: Recorder, token: string, perSecond: number, tag: string): Traffic {
  const acknowledged: Acknowledged[] = [];
  const s = stream(async (i) => {
    const r = await http.post<{ id?: string }>('/api/v1/needs', {
      token,
      body: needItem(i, `${tag}${i}`),
      label: 'post-need',
    });
    if (r.status >= 200 && r.status < 300 && r.body?.id) acknowledged.push({ id: r.body.id, at: Date.now() });
  }, 1000 / perSecond);
  return {
    acknowledged,
    stop: async () => {
      await s.stop();
    },
  };
}

/** GET `path` every `everyMs` with `label` (e.g. GET /me as a signed-in user, or GET /health/ready). */
export function poll(http: Recorder, path: string, label: string, everyMs: number, token?: string): Traffic {
  const s = stream(() => http.get(path, { token, label, timeoutMs: 10000 }), everyMs);
  return {
    acknowledged: [],
    stop: async () => {
      await s.stop();
    },
  };
}

/**
 * Whether a readiness answer names `service` as down: Terminus' `{error: {postgres: {status: 'down'}}}`, the house
 * error shape with such details, or a list of `{name, status}`.
 */
export function namesDown(body: unknown, service: string): boolean {
  if (!body || typeof body !== 'object') return false;
  const o = body as Record<string, unknown>;
  const own = o[service];
  if (own && typeof own === 'object' && (own as Record<string, unknown>).status === 'down') return true;
  if (own === 'down') return true;
  if ((o.name === service || o.service === service) && o.status === 'down') return true;
  return Object.values(o).some((v) => namesDown(v, service));
}

/** Sample lists by label within a window. */
export function during(samples: Sample[], from: number, to: number, label: string): Sample[] {
  return samples.filter((s) => s.label === label && s.sentAt >= from && s.sentAt < to);
}
