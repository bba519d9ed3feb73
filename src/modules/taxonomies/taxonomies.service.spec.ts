import { checkSchemeStructure } from './taxonomies.service.js';
import { shippedSchemes } from './shipped-schemes.js';

describe('scheme structure', () => {
  it('accepts a forest with parents listed anywhere', () => {
    expect(checkSchemeStructure([{ code: 'b', parent: 'a' }, { code: 'a' }, { code: 'c', parent: null }])).toEqual([]);
  });

  it('reports duplicates, unknown parents and cycles by position', () => {
    const errors = checkSchemeStructure([
      { code: 'a' },
      { code: 'a' },
      { code: 'b', parent: 'zz' },
      { code: 'x', parent: 'y' },
      { code: 'y', parent: 'x' },
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'codes[1].code',
      'codes[2].parent',
      'codes[3].parent',
      'codes[4].parent',
    ]);
  });

  it('holds for the shipped schemes', () => {
    for (const s of shippedSchemes()) expect(checkSchemeStructure(s.codes)).toEqual([]);
  });
});
