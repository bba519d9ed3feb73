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

  it('jumps to a page it has not reached by number', () => {
    expect(cursorFor(afterLoading({}, 1, 'x'), 7)).toBeUndefined();
  });

  it('keeps the same object when nothing changed (no re-render loop)', () => {
    const c = afterLoading({}, 1, 'x');
    expect(afterLoading(c, 1, 'x')).toBe(c);
  });
});
