import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Capability, MatchCountList, Need, Page } from './types';

// What needs and capabilities share: the same routes under /needs and /capabilities, the same list filters, the
// same detail, save, status and delete. needs.ts and capabilities.ts are this, each for its kind.

export type ListingKind = 'needs' | 'capabilities';
export interface ListingOf {
  needs: Need;
  capabilities: Capability;
}

export interface ListingQuery {
  mine?: boolean;
  page: number;
  pageSize: number;
  q?: string;
  status?: string;
  district?: string;
  sector?: string;
}

/** Query keys of one kind: everything of it starts with `[kind]`, so invalidating `all` refreshes every view. */
export const listingKeys = <K extends ListingKind>(kind: K) => ({
  all: [kind] as const,
  lists: [kind, 'list'] as const,
  list: (q: ListingQuery) => [kind, 'list', q] as const,
  detail: (id: string | undefined) => [kind, 'detail', id] as const,
  matches: (id: string | undefined) => [kind, 'detail', id, 'matches'] as const,
  matchCounts: (ids: readonly string[]) => [kind, 'match-counts', ids] as const,
});

export function useListingPage<K extends ListingKind>(kind: K, q: ListingQuery) {
  return useQuery({
    queryKey: listingKeys(kind).list(q),
    queryFn: () => get<Page<ListingOf[K]>>(`/${kind}`, { ...q, mine: q.mine || undefined }),
    placeholderData: (prev) => prev,
  });
}

/** How many matches of each status the caller may see, per listing (GET /matches/counts). */
export function useListingMatchCounts(kind: ListingKind, ids: readonly string[], enabled: boolean) {
  return useQuery({
    queryKey: listingKeys(kind).matchCounts(ids),
    queryFn: () =>
      get<MatchCountList>('/matches/counts', { [kind === 'needs' ? 'needIds' : 'capabilityIds']: ids.join(',') }),
    enabled: enabled && ids.length > 0,
  });
}

export function useListing<K extends ListingKind>(kind: K, id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: listingKeys(kind).detail(id),
    queryFn: () => get<ListingOf[K]>(`/${kind}/${id}`),
    enabled: enabled && !!id,
  });
}

/** Creates (no id) or changes a listing; the lists and its own view are refreshed. */
export function useSaveListing<K extends ListingKind>(kind: K, id: string | undefined) {
  const qc = useQueryClient();
  const keys = listingKeys(kind);
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id ? patch<ListingOf[K]>(`/${kind}/${id}`, body) : post<ListingOf[K]>(`/${kind}`, body),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: keys.lists });
      void qc.invalidateQueries({ queryKey: keys.detail(saved.id) });
    },
  });
}

export function useSetListingStatus<K extends ListingKind>(kind: K, id: string | undefined) {
  const qc = useQueryClient();
  const keys = listingKeys(kind);
  return useMutation({
    mutationFn: (status: ListingOf[K]['status']) => patch<ListingOf[K]>(`/${kind}/${id}`, { status }),
    onSuccess: (saved) => {
      qc.setQueryData(keys.detail(id), saved);
      void qc.invalidateQueries({ queryKey: keys.lists });
    },
  });
}

export function useDeleteListing(kind: ListingKind, id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => del(`/${kind}/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: listingKeys(kind).lists }),
  });
}
