import type { Taxonomy } from '../api/types';
import { parseSchemeFile, pathOf, sectorLabel, sectorOptions } from './taxonomy';

const hitech: Taxonomy = {
  scheme: 'hitech',
  name: '高新技术领域 / High-tech fields',
  source: null,
  codes: [
    { code: '06', parent: null, nameZh: '新能源与节能', nameEn: 'New Energy' },
    { code: '0603', parent: '06', nameZh: '新型高效能量转换与储存技术', nameEn: 'Energy Storage' },
  ],
};

describe('sector options', () => {
  it('nests codes under their scheme and parents', () => {
    expect(sectorOptions([hitech], 'zh')).toEqual([
      {
        value: 'scheme:hitech',
        label: '高新技术领域',
        children: [
          {
            value: 'hitech:06',
            label: '新能源与节能',
            children: [{ value: 'hitech:0603', label: '新型高效能量转换与储存技术', children: undefined }],
          },
        ],
      },
    ]);
    expect(sectorOptions([hitech], 'en')[0].label).toBe('High-tech fields');
  });

  it('finds the path and the label of a stored reference', () => {
    expect(pathOf('hitech:0603', [hitech])).toEqual(['scheme:hitech', 'hitech:06', 'hitech:0603']);
    expect(sectorLabel('hitech:0603', [hitech], 'zh')).toBe('新能源与节能 › 新型高效能量转换与储存技术');
    expect(sectorLabel('nope:1', [hitech], 'zh')).toBe('nope:1');
  });

  it('reads a scheme file as JSON or as CSV with Chinese or English headers', () => {
    expect(parseSchemeFile('s.json', '{"name":"x","codes":[{"code":"a","nameZh":"甲"}]}', () => []).codes).toHaveLength(
      1,
    );
    const csv = parseSchemeFile('s.csv', '\uFEFF代码,上级,名称\na,,甲\nb,a,乙', (t) =>
      t
        .split('\n')
        .slice(1)
        .map((l) => {
          const [a, b, c] = l.split(',');
          return { 代码: a, 上级: b, 名称: c };
        }),
    );
    expect(csv.codes).toEqual([
      { code: 'a', parent: null, nameZh: '甲', nameEn: null },
      { code: 'b', parent: 'a', nameZh: '乙', nameEn: null },
    ]);
  });
});
