import { normalizeKeywords, uniqueStrings } from './keywords.js';

describe('keywords', () => {
  it('trims, collapses spaces, drops empties and duplicates ignoring case and full-width forms', () => {
    expect(normalizeKeywords([' 锂电池 ', '锂电池', 'AI', 'ai', 'ＡＩ', '', '  ', 'thermal   management'])).toEqual([
      '锂电池',
      'AI',
      'thermal management',
    ]);
  });

  it('leaves non-strings for validation to report', () => {
    expect(normalizeKeywords(['a', 3, null])).toEqual(['a', 3, null]);
    expect(normalizeKeywords('not a list')).toBe('not a list');
  });

  it('de-duplicates code lists keeping order', () => {
    expect(uniqueStrings(['hitech:01', ' hitech:01', 'hitech:02'])).toEqual(['hitech:01', 'hitech:02']);
  });
});
