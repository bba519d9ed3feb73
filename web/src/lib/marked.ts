/** A piece of a marked text: `marked` when it is one of the spans the server marked. */
export interface MarkedPiece {
  text: string;
  marked: boolean;
}

/**
 * Cuts a text into the spans the server marked ([start, end) in UTF-16 code units, as JavaScript counts) and the
 * text between them. Spans out of order, overlapping, empty or past the end are taken as far as they make sense,
 * never thrown on: a snippet is worth showing even if its marks are off.
 */
export function markedPieces(text: string, marks: ReadonlyArray<readonly number[]>): MarkedPiece[] {
  const spans = marks
    .map(([s, e]) => [Math.max(0, Math.min(s ?? 0, text.length)), Math.max(0, Math.min(e ?? 0, text.length))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const pieces: MarkedPiece[] = [];
  let at = 0;
  for (const [s, e] of spans) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    if (from > at) pieces.push({ text: text.slice(at, from), marked: false });
    pieces.push({ text: text.slice(from, e), marked: true });
    at = e;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
