import { useState } from 'react';

/**
 * The state of a server-paged list: its page, page size and filters. Changing a filter goes back to the first
 * page, so nobody is left on page 7 of a list that now has two.
 */
export function usePagedFilters<F extends object>(initial: F, initialPageSize = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [filters, setFilters] = useState<F>(initial);
  return {
    page,
    pageSize,
    filters,
    setFilter: <K extends keyof F>(key: K, value: F[K]) => {
      setFilters((f) => ({ ...f, [key]: value }));
      setPage(1);
    },
    /** The table's paging: a page, and the page size when it changed. */
    onPage: (p: number, size: number) => {
      setPage(p);
      setPageSize(size);
    },
  };
}
