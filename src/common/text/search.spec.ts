import { highlight, searchQuery, searchVector, snippet } from './search.js';

const marked = (m: { text: string; marks: Array<[number, number]> }) => m.marks.map(([s, e]) => m.text.slice(s, e));

describe('listing search terms', () => {
  it('weights the title above keywords and keywords above the description, with positions', () => {
    const v = searchVector({ title: '锂电池回收', keywords: ['湿法冶金'], description: '废旧锂电池中钴的回收工艺' });
    expect(v).toMatch(/'回收':\d+A,\d+C/);
    expect(v).toMatch(/'湿法':\d+B/);
    expect(v).toMatch(/'钴':\d+C/);
  });

  it('quotes lexemes so that a quote or backslash in a listing cannot break the literal', () => {
    const v = searchVector({ title: "o'brien c++ \\path", keywords: [], description: '' });
    expect(v).toContain("'c++'");
    expect(v).not.toMatch(/[^']'[^': ]+'[^:]/); // every lexeme is a quoted term followed by its positions
  });

  it('leaves out terms too long to be words (PostgreSQL refuses a lexeme over 2,046 bytes)', () => {
    const dna = 'ATGC'.repeat(600);
    const v = searchVector({ title: '基因测序', keywords: [], description: `样本序列 ${dna} 测序完成` });
    expect(v).not.toContain(dna.toLowerCase());
    expect(v).toContain("'测序'");
    expect(searchQuery(dna)).toBeNull();
    expect(searchQuery(`${dna} 测序`)!.tsquery).toBe("'测序'");
  });
});

describe('search queries', () => {
  it('asks for every word typed (AND), a compound as itself or as all its parts', () => {
    const q = searchQuery('污水处理 设备')!;
    expect(q.tsquery).toBe("('污水处理' | ('污水' & '处理')) & '设备'");
    expect(q.terms).toEqual(expect.arrayContaining(['污水处理', '污水', '处理', '设备']));
  });

  it('finds synonyms and the other language through the engine’s aliases', () => {
    expect(searchQuery('锂电池 回收')!.tsquery).toBe("'锂离子电池' & '回收'");
    expect(searchQuery('Batteries')!.tsquery).toBe("'电池'");
  });

  it('maps English to the same stems and phrases as listings', () => {
    expect(searchQuery('Sensors')!.tsquery).toBe(searchQuery('sensor')!.tsquery);
    expect(searchQuery('thermal management')!.terms).toHaveLength(1);
  });

  it('has nothing to search for in punctuation, numbers or function words alone', () => {
    expect(searchQuery('的 和 2024 ！')).toBeNull();
    expect(searchQuery('')).toBeNull();
  });

  it('cannot be steered by tsquery syntax in the user’s words', () => {
    const q = searchQuery("电池 & !回收 | ' :*")!;
    expect(q.tsquery).toBe("'电池' & '回收'");
  });
});

describe('highlighting', () => {
  it('marks whole words, parts of compounds, and leaves the rest', () => {
    const { terms } = searchQuery('电池')!;
    expect(marked(highlight('高能量密度锂电池的回收', terms))).toEqual(['电池']);
    const both = searchQuery('锂电池 回收')!.terms;
    expect(marked(highlight('高能量密度锂离子电池与锂电池的回收', both))).toEqual(['锂离子电池', '锂电池', '回收']);
  });

  it('finds English in any case', () => {
    const { terms } = searchQuery('battery')!;
    expect(marked(highlight('Lithium BATTERIES for cars，锂电池', terms))).toEqual(['BATTERIES', '电池']);
  });

  it('cuts a long text around the first match, with an ellipsis where it was cut', () => {
    const text = `${'前言部分的内容'.repeat(40)}本项目研究锂电池回收工艺${'后续说明'.repeat(40)}`;
    const s = snippet(text, searchQuery('回收')!.terms, 60);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(marked(s)).toEqual(['回收']);
  });

  it('finds the place of a match that is not written as the term (an alias, an English stem) in a long text', () => {
    const text = `${'前言部分的内容'.repeat(40)}Recycling of used BATTERIES at scale${'后续说明'.repeat(40)}`;
    const s = snippet(text, searchQuery('battery')!.terms, 60);
    expect(marked(s)).toEqual(['BATTERIES']);
    const none = snippet(text, searchQuery('石墨烯')!.terms, 60);
    expect(none.text.startsWith('前言')).toBe(true);
    expect(none.marks).toEqual([]);
  });
});
