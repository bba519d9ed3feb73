import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from './client';
import type { operations } from './schema.gen';
import type {
  HallCapability,
  HallCapabilityDetail,
  HallCapabilityPage,
  HallNeed,
  HallNeedDetail,
  HallNeedPage,
} from './types';

// The public halls (GET /hall/…): read by visitors who may not be signed in, so a 401 (the server keeps the halls
// to signed-in users, PUBLIC_HALLS=false) is the page's to explain, not a reason to send anyone to /login.

export type HallKind = 'needs' | 'capabilities';

export interface HallPageOf {
  needs: HallNeedPage;
  capabilities: HallCapabilityPage;
}
export interface HallItemOf {
  needs: HallNeed;
  capabilities: HallCapability;
}
export interface HallDetailOf {
  needs: HallNeedDetail;
  capabilities: HallCapabilityDetail;
}

type NeedsQuery = NonNullable<operations['HallController_needs']['parameters']['query']>;
type CapabilitiesQuery = NonNullable<operations['HallController_capabilities']['parameters']['query']>;
/** A hall's query as the server takes it: the capabilities hall's (it adds trl), with either hall's kinds. */
export type HallQuery = Omit<CapabilitiesQuery, 'kind'> & { kind?: NeedsQuery['kind'] | CapabilitiesQuery['kind'] };

export const hallKeys = {
  all: ['hall'] as const,
  page: (kind: HallKind, q: HallQuery) => ['hall', kind, 'page', q] as const,
  detail: (kind: HallKind, id: string | undefined) => ['hall', kind, 'detail', id] as const,
};

const visitor = { ownUnauthorized: true };

/** Asked again only when it may help: never after the server said no (400, 401, 404, 429). */
const retry = (failures: number, e: Error) => !(e instanceof ApiError && e.status < 500) && failures < 1;

export function useHallPage<K extends HallKind>(kind: K, q: HallQuery) {
  return useQuery({
    queryKey: hallKeys.page(kind, q),
    queryFn: () => get<HallPageOf[K]>(`/hall/${kind}`, { ...q }, visitor),
    // The last page stays in view while the next loads, in the same hall only.
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[1] === kind ? prev : undefined),
    retry,
  });
}

export function useHallListing<K extends HallKind>(kind: K, id: string | undefined) {
  return useQuery({
    queryKey: hallKeys.detail(kind, id),
    queryFn: () => get<HallDetailOf[K]>(`/hall/${kind}/${id}`, undefined, visitor),
    enabled: !!id,
    retry,
  });
}
