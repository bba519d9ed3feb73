import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';
import type { Taxonomy, TaxonomySummary } from '../api/types';

/** Every sector scheme with its codes (they change rarely: kept for ten minutes). */
export function useTaxonomies(): Taxonomy[] {
  const q = useQuery({
    queryKey: ['taxonomies', 'all'],
    queryFn: async () => {
      const list = await get<{ items: TaxonomySummary[] }>('/taxonomies');
      return Promise.all(list.items.map((s) => get<Taxonomy>(`/taxonomies/${encodeURIComponent(s.scheme)}`)));
    },
    staleTime: 600_000,
  });
  return q.data ?? [];
}
