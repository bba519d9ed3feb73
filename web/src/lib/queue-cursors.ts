/**
 * Where each page of the review queue starts, learnt from the page before it (its `nextCursor`): page number →
 * cursor. A page the coordinator reaches from the one before is asked for by cursor, so the suggestions just decided
 * on page 1 do not shift page 2 (by number, 20 decisions on page 1 would make page 2 skip 20 suggestions).
 */
export type QueueCursors = Readonly<Record<number, string>>;

/** The cursors once page `shown` has loaded: the next page starts at its `nextCursor` (or there is no next page). */
export function afterLoading(
  cursors: QueueCursors,
  shown: number,
  nextCursor: string | null | undefined,
): QueueCursors {
  const next = shown + 1;
  if (!nextCursor) {
    if (!(next in cursors)) return cursors;
    const rest = { ...cursors };
    delete rest[next];
    return rest;
  }
  if (cursors[next] === nextCursor) return cursors;
  // The pages after `next` were learnt from the old one: they would now repeat or skip rows, so they are forgotten.
  const kept = Object.fromEntries(Object.entries(cursors).filter(([page]) => Number(page) < next));
  return { ...kept, [next]: nextCursor };
}

/** How to ask for `page`: by the cursor learnt for it, or by its number (the first page, or a page jumped to). */
export function cursorFor(cursors: QueueCursors, page: number): string | undefined {
  return page > 1 ? cursors[page] : undefined;
}
