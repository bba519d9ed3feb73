import { highlight } from '../lib/highlight';

/** Text with the matched terms marked (<mark>). */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {highlight(text, terms).map((s, i) =>
        s.term ? (
          <mark key={i} title={s.term} style={{ background: '#ffe58f', padding: '0 1px' }}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
