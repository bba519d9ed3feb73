import { useEffect } from 'react';

/**
 * The review sheet's keys, like the review queue's (pages/review/useReviewKeys.ts): 1–5 score the current criterion,
 * j / k or ↓ / ↑ move between criteria, c goes to its comment, Escape leaves a comment, Ctrl+Enter (⌘+Enter)
 * submits from anywhere. Nothing while `paused` (read-only, or a dialog open), and only Escape and Ctrl+Enter while
 * typing in a field.
 */
export function useSheetKeys({
  count,
  current,
  setCurrent,
  score,
  comment,
  submit,
  paused,
}: {
  count: number;
  current: number;
  setCurrent: (i: number) => void;
  score: (value: number) => void;
  comment: () => void;
  submit: () => void;
  paused: boolean;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (paused) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        submit();
        return;
      }
      if (typing) {
        if (e.key === 'Escape') target.blur();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[1-5]$/.test(e.key)) {
        e.preventDefault();
        score(Number(e.key));
      } else if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        setCurrent(Math.min(count - 1, current + 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        setCurrent(Math.max(0, current - 1));
      } else if (e.key === 'c') {
        e.preventDefault();
        comment();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, current, setCurrent, score, comment, submit, paused]);
}
