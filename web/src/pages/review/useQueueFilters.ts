import { useState } from 'react';
import type { QueueQuery } from '../../api/matches';

export type Sort = '-score' | 'band' | '-createdAt';

export interface QueueFilters {
  status: string;
  minScore: number | null;
  district?: string;
  /** The cascader's path, cut to the chosen code. */
  sector: string[];
  bands: string[];
  sort: Sort;
}

/** The review queue's filters and page. Changing a filter goes back to the first page. */
export function useQueueFilters() {
  const [filters, setFilters] = useState<QueueFilters>({
    status: 'suggested',
    minScore: null,
    sector: [],
    bands: [],
    sort: '-score',
  });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const change = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };
  const query: QueueQuery = {
    status: filters.status,
    minScore: filters.minScore ?? undefined,
    district: filters.district,
    sector: filters.sector[0],
    band: filters.bands.length ? filters.bands.join(',') : undefined,
    page,
    pageSize,
    sort: filters.sort,
  };
  return { filters, change, page, pageSize, setPage, setPageSize, query };
}
