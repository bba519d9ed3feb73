import { useQuery } from '@tanstack/react-query';
import { get } from './client';
import { listingKeys, useListing } from './listings';
import type { NearMissList, NeedMatches } from './types';

export const needKeys = {
  ...listingKeys('needs'),
  nearMisses: (id: string, rankedAt: string | null) => ['needs', 'detail', id, 'near-misses', rankedAt] as const,
};

export const useNeed = (id: string | undefined, enabled = true) => useListing('needs', id, enabled);

/** A need's matches the caller may see, and where its matching stands. */
export function useNeedMatches(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: needKeys.matches(id),
    queryFn: () => get<NeedMatches>(`/needs/${id}/matches`, { limit: 100 }),
    enabled: enabled && !!id,
  });
}

/** The capabilities that came closest below the floor, for the ranking of `rankedAt`. */
export function useNearMisses(id: string, rankedAt: string | null, enabled: boolean) {
  return useQuery({
    queryKey: needKeys.nearMisses(id, rankedAt),
    queryFn: () => get<NearMissList>(`/needs/${id}/near-misses`),
    enabled,
  });
}
