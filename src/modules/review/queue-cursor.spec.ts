import { decodeCursor, encodeCursor, type QueueCursor } from './queue-cursor.js';

const ID = '5f0c6a52-3f0e-4a55-9b4e-2f8f3c1d7a10';

describe('review queue cursors', () => {
  it.each<QueueCursor>([
    { key: { sort: '-score', score: 0.7300000000000001, rank: 2, id: ID }, page: 2 },
    { key: { sort: 'score', score: 0.1, rank: 1, id: ID }, page: 9 },
    { key: { sort: '-createdAt', createdAt: '2026-11-20T08:00:00.000007Z', id: ID }, page: 3 },
    { key: { sort: 'band', band: 3, score: 0.95, rank: 1, id: ID }, page: 40 },
  ])('come back as they were made (%j), scores to the last bit and times to the microsecond', (c) => {
    const text = encodeCursor(c);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, c.key.sort)).toEqual(c);
  });

  it('are refused (400 naming cursor) for another sort, or when they are not cursors', () => {
    const text = encodeCursor({ key: { sort: '-score', score: 0.5, rank: 1, id: ID }, page: 2 });
    const refused = (t: string, sort: Parameters<typeof decodeCursor>[1] = '-score') => {
      try {
        decodeCursor(t, sort);
      } catch (e) {
        return (e as { getStatus: () => number; getResponse: () => { details: unknown } }).getResponse().details;
      }
      return null;
    };
    expect(refused(text, 'createdAt')).toEqual([{ field: 'cursor', message: expect.stringMatching(/sort=-score/) }]);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const [bad, sort] of [
      ['x', '-score'],
      [b64([]), '-score'],
      [b64({ s: '-score', k: [0.5, 1, '1; DROP TABLE'], p: 2 }), '-score'],
      [b64({ s: '-score', k: [0.5, 1.5, ID], p: 2 }), '-score'],
      [b64({ s: '-score', k: [0.5, 1, ID], p: 1 }), '-score'],
      [b64({ s: 'createdAt', k: ['2026-11-20 08:00', ID], p: 2 }), 'createdAt'],
      [b64({ s: 'band', k: [0, 0.5, 1], p: 2 }), 'band'],
      // Shapes PostgreSQL would refuse only after the query started: out of its integer range, impossible dates.
      [b64({ s: '-score', k: [0.5, 1e30, ID], p: 2 }), '-score'],
      [b64({ s: '-score', k: [0.5, 1, ID], p: 1e30 }), '-score'],
      [b64({ s: 'createdAt', k: ['2024-02-30T00:00:00.000000Z', ID], p: 2 }), 'createdAt'],
      [b64({ s: 'createdAt', k: ['2024-13-45T00:00:00.000000Z', ID], p: 2 }), 'createdAt'],
    ] as const) {
      expect(refused(bad, sort)).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });
});
