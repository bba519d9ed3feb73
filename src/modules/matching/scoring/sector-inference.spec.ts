import { inferSectors } from './sector-inference.js';

const parents: Record<string, string> = { 'c:ai': 'c:eng', 'c:mat': 'c:eng', 'c:crop': 'c:agri' };
const parentOf = (ref: string) => parents[ref] ?? null;

describe('sector inference', () => {
  const neighbours = [
    { score: 10, sectors: ['c:ai'] },
    { score: 9.5, sectors: ['c:ai'] },
    { score: 9, sectors: ['c:crop'] },
    { score: 4, sectors: ['c:mat'] },
  ];

  it('votes for the nearest capabilities’ sectors, the closest weighing most', () => {
    const inferred = inferSectors([], neighbours, parentOf);
    expect(inferred[0].ref).toBe('c:ai');
    expect(inferred[0].confidence).toBeGreaterThan(0.5);
    expect(inferred.map((x) => x.ref)).not.toContain('c:mat'); // too far to reach the minimum confidence
  });

  it('refines a coarse sector the user gave and never goes outside it', () => {
    expect(inferSectors(['c:agri'], neighbours, parentOf)).toEqual([{ ref: 'c:crop', confidence: 1 }]);
    expect(inferSectors(['c:eng'], neighbours, parentOf).map((x) => x.ref)).toEqual(['c:ai']);
  });

  it('infers nothing without neighbours, or when the user already gave the fine sector', () => {
    expect(inferSectors([], [], parentOf)).toEqual([]);
    expect(inferSectors(['c:ai'], neighbours, parentOf)).toEqual([]);
  });
});
