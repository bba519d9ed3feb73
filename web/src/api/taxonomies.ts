import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, put } from './client';
import type { MutationUi } from './mutation';
import type { Taxonomy, TaxonomyList } from './types';

export const taxonomyKeys = {
  all: ['taxonomies'] as const,
  summaries: ['taxonomies', 'summaries'] as const,
  everyScheme: ['taxonomies', 'all'] as const,
  scheme: (scheme: string) => ['taxonomies', 'scheme', scheme] as const,
};

const schemePath = (scheme: string) => `/taxonomies/${encodeURIComponent(scheme)}`;

export function useTaxonomySummaries() {
  return useQuery({ queryKey: taxonomyKeys.summaries, queryFn: () => get<TaxonomyList>('/taxonomies') });
}

export function useTaxonomy(scheme: string) {
  return useQuery({ queryKey: taxonomyKeys.scheme(scheme), queryFn: () => get<Taxonomy>(schemePath(scheme)) });
}

/**
 * Every sector scheme with its codes (they change rarely: kept for ten minutes). `visitor`: read for someone who may
 * not be signed in (the halls); when the API keeps the schemes to signed-in users, none are known and sectors show
 * their codes, instead of the visitor being sent to sign in.
 */
export function useTaxonomies({ visitor = false }: { visitor?: boolean } = {}): Taxonomy[] {
  const q = useQuery({
    queryKey: taxonomyKeys.everyScheme,
    queryFn: async () => {
      const init = { ownUnauthorized: visitor };
      try {
        const list = await get<TaxonomyList>('/taxonomies', undefined, init);
        return await Promise.all(list.items.map((s) => get<Taxonomy>(schemePath(s.scheme), undefined, init)));
      } catch (e) {
        if (visitor && e instanceof ApiError && e.status === 401) return [];
        throw e;
      }
    },
    staleTime: 600_000,
  });
  return q.data ?? [];
}

export interface SchemeUpload {
  scheme: string;
  body: {
    name: string;
    codes: Array<{ code: string; parent?: string | null; nameZh: string; nameEn?: string | null }>;
  };
}

/** Replaces (or adds) a scheme; every view of the taxonomies is refreshed. */
export function usePutTaxonomy(ui: MutationUi<Taxonomy, SchemeUpload> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ scheme, body }: SchemeUpload) => put<Taxonomy>(schemePath(scheme), body),
    onSuccess: (t, v) => {
      void qc.invalidateQueries({ queryKey: taxonomyKeys.all });
      ui.onSuccess?.(t, v);
    },
    onError: ui.onError,
  });
}
