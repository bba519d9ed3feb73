import type { MarkedText as Marked } from '../../api/types';
import { markedPieces } from '../../lib/marked';

/** A hall's title or snippet with the spans the search words met in <mark> (text nodes only, never HTML). */
export function MarkedText({ value }: { value: Marked }) {
  return (
    <>
      {markedPieces(value.text, value.marks).map((p, i) =>
        p.marked ? (
          <mark key={i} style={{ background: '#ffe58f', padding: '0 1px', color: 'inherit' }}>
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
