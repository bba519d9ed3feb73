import { useEffect } from 'react';

/**
 * j / k move through the queue, a approves, r rejects: not while typing, with a modifier held, or while `paused`
 * (a dialog is open).
 */
export function useReviewKeys({
  ids,
  selectedIndex,
  select,
  decide,
  paused,
}: {
  ids: readonly string[];
  selectedIndex: number;
  select: (id: string) => void;
  decide: (kind: 'approve' | 'reject') => void;
  paused: boolean;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        paused ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) ||
        target?.isContentEditable
      )
        return;
      if (e.key === 'j' || e.key === 'k') {
        const i = selectedIndex < 0 ? 0 : selectedIndex + (e.key === 'j' ? 1 : -1);
        const id = ids[Math.max(0, Math.min(ids.length - 1, i))];
        if (id) select(id);
      } else if (e.key === 'a') decide('approve');
      else if (e.key === 'r') decide('reject');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ids, selectedIndex, select, decide, paused]);
}
