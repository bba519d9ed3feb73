import { useQuery } from '@tanstack/react-query';
import { get } from './client';
import { listingKeys, useListing } from './listings';
import type { MatchList } from './types';

export const capabilityKeys = listingKeys('capabilities');

export const useCapability = (id: string | undefined, enabled = true) => useListing('capabilities', id, enabled);

/** A capability's matches the caller may see. */
export function useCapabilityMatches(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: capabilityKeys.matches(id),
    queryFn: () => get<MatchList>(`/capabilities/${id}/matches`, { limit: 100 }),
    enabled: enabled && !!id,
  });
}
