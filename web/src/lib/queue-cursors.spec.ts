import { afterLoading, cursorFor } from './queue-cursors';

describe('the review queue’s page cursors', () => {
  it('asks for the page after a loaded one by that page’s nextCursor, and for the first page by number', () => {
    let c = afterLoading({}, 1, 'after-row-20');
    expect(cursorFor(c, 2)).toBe('after-row-20');
    expect(cursorFor(c, 1)).toBeUndefined();
    c = afterLoading(c, 2, 'after-row-40');
    expect(cursorFor(c, 3)).toBe('after-row-40');
  });

  it('follows a page that changed (decisions made on it) and forgets a next page that no longer exists', () => {
    let c = afterLoading({}, 1, 'after-row-20');
    c = afterLoading(c, 1, 'after-row-23'); // three decided: page 1 now ends three rows later
    expect(cursorFor(c, 2)).toBe('after-row-23');
    c = afterLoading(c, 1, null);
    expect(cursorFor(c, 2)).toBeUndefined();
  });

  it('forgets the pages learnt after a page that changed (they would repeat or skip rows)', () => {
    let c = afterLoading({}, 1, 'a20');
    c = afterLoading(c, 2, 'a40');
    c = afterLoading(c, 1, 'a40'); // page 1 decided in full: it now ends where page 2 did
    expect(cursorFor(c, 2)).toBe('a40');
    expect(cursorFor(c, 3)).toBeUndefined(); // asked for by number, not by the old page 2's end
  });

  it('jumps to a page it has not reached by number', () => {
    expect(cursorFor(afterLoading({}, 1, 'x'), 7)).toBeUndefined();
  });

  it('keeps the same object when nothing changed (no re-render loop)', () => {
    const c = afterLoading({}, 1, 'x');
    expect(afterLoading(c, 1, 'x')).toBe(c);
  });
});
