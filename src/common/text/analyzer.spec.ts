import { analyze, termOf } from './analyzer.js';
import { segmenter } from './segmenter.js';

describe('text analysis', () => {
  it('segments with jieba’s full dictionary (an empty one would cut text into single characters)', () => {
    // With `new Jieba()` this comes back as 哈|尔|滨|… and every single character is then dropped.
    expect(segmenter().cut('哈尔滨的冬天很冷', false)).toEqual(['哈尔滨', '的', '冬天', '很', '冷']);
    expect(analyze('哈尔滨焊接机器人')).toEqual(expect.arrayContaining(['哈尔滨', '焊接', '机器人']));
  });

  it('drops the boilerplate of needs and listings', () => {
    expect(analyze('我公司遇到技术难题，寻求合作，欢迎联系！本发明公开了一种方法的研究')).toEqual([]);
  });

  it('maps aliases onto one term, in Chinese and English', () => {
    expect(analyze('锂电池')).toContain('锂离子电池');
    expect(analyze('锂离子电池')).toContain('锂离子电池');
    expect(analyze('Lithium battery packs')).toContain('锂离子电池');
    expect(analyze('AI 质检')).toContain('人工智能');
    expect(analyze('Thermal management in COLD climates')).toEqual(expect.arrayContaining(['热管理', '低温']));
  });

  it('reads chemical formulas and 3D as the words a need uses for them', () => {
    expect(analyze('一种制备海胆状α-Fe2O3的方法')).toContain('氧化铁');
    expect(analyze('TiO2光催化')).toContain('二氧化钛');
    expect(analyze('LSV系列3D相机')).toContain('三维');
  });

  it('lower-cases and stems English, keeps codes such as 5G and 304L, drops numbers and one-character function words', () => {
    expect(termOf('welding')).toBe('焊接');
    expect(termOf('insulation')).toBe('insul');
    expect(termOf('304l')).toBe('304l');
    expect(termOf('40%')).toBeNull();
    expect(termOf('的')).toBeNull();
    expect(termOf('铌')).toBe('铌'); // a metal: one character, full of meaning
    expect(analyze('５Ｇ基站')).toEqual(expect.arrayContaining(['第五代移动通信', '基站']));
  });

  it('handles Chinese and English in one text', () => {
    const terms = analyze('基于deep learning的焊缝缺陷检测 system');
    expect(terms).toEqual(expect.arrayContaining(['深度学习', '焊缝', '缺陷检测', 'system']));
  });
});

describe('source lines', () => {
  it('leave a listing’s attribution out of its terms', () => {
    expect(
      analyze('耐低温电解液配方。\n\n来源 Source：技术市场公开信息（sbx0/Zhibei，Apache-2.0）（tm-need-0002）'),
    ).toEqual(['低温', '耐低温', '电解', '电解液', '配方']);
  });
});
