import { useCallback, useState } from 'react';
import type { QueueQuery } from '../../api/matches';
import { afterLoading, cursorFor, type QueueCursors } from '../../lib/queue-cursors';

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

/**
 * The review queue's filters and page. Changing a filter goes back to the first page. A page reached from the one
 * before it is asked for by that page's cursor (lib/queue-cursors.ts): as fast deep in the queue as at its start,
 * and not shifted by the decisions just made. A page jumped to directly is asked for by number.
 */
export function useQueueFilters() {
  const [filters, setFilters] = useState<QueueFilters>({
    status: 'suggested',
    minScore: null,
    sector: [],
    bands: [],
    sort: '-score',
  });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSizeState] = useState(20);
  // Where each page starts, learnt from the page before it; forgotten when the filters or the page size change.
  const [cursors, setCursors] = useState<QueueCursors>({});
  const change = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setCursors({});
    setPage(1);
  };
  const setPageSize = (size: number) => {
    if (size === pageSize) return;
    setPageSizeState(size);
    setCursors({});
  };
  /** The page `shown` has loaded: the page after it starts at its `nextCursor`. */
  const loaded = useCallback((shown: number, nextCursor: string | null | undefined) => {
    setCursors((c) => afterLoading(c, shown, nextCursor));
  }, []);
  const query: QueueQuery = {
    status: filters.status,
    minScore: filters.minScore ?? undefined,
    district: filters.district,
    sector: filters.sector[0],
    band: filters.bands.length ? filters.bands.join(',') : undefined,
    page,
    pageSize,
    sort: filters.sort,
    cursor: cursorFor(cursors, page),
  };
  return { filters, change, page, pageSize, setPage, setPageSize, query, loaded };
}
