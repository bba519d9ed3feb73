import { shippedSchemes } from '../../src/modules/taxonomies/shipped-schemes.js';
import { cooperationModes, cslScheme, industrySectors, trlOf, usableKeywords } from './datasets.js';

const gb = shippedSchemes().find((s) => s.scheme === 'gbt4754')!.codes;

describe('demo and eval data', () => {
  it('maps the market’s industries onto GB/T 4754-2017', () => {
    expect(industrySectors('制造业——医药制造业', gb)).toEqual(['gbt4754:27']);
    expect(industrySectors('制造业——计算机、通信和其他电子设备制造', gb)).toEqual(['gbt4754:39']);
    expect(industrySectors('农、林、牧、渔业——农业', gb)).toEqual(['gbt4754:01']);
    expect(industrySectors('制造业——没有这个大类', gb)).toEqual(['gbt4754:C']);
    expect(industrySectors('制造业电力、热力、燃气、及水生产和供应业建筑业', gb).sort()).toEqual([
      'gbt4754:C',
      'gbt4754:D',
      'gbt4754:E',
    ]);
    expect(industrySectors('', gb)).toEqual([]);
  });

  it('reads cooperation labels, maturity and keywords as the service takes them', () => {
    expect(cooperationModes('技术入股,技术转让,技术许可,委托开发')).toEqual([
      'commissioned_development',
      'transfer',
      'license',
      'equity',
    ]);
    expect(cooperationModes('完全转让许可转让技术入股合作生产')).toEqual([
      'joint_development',
      'transfer',
      'license',
      'equity',
    ]);
    expect(cooperationModes('其他')).toEqual([]);
    expect(trlOf('可以量产')).toBe(8);
    expect(trlOf('不知道')).toBeNull();
    expect(usableKeywords([' 低温 ', '低温', 'x'.repeat(31)])).toEqual(['低温']);
  });

  it('turns the CSL disciplines into a two-level scheme, a discipline named as its category being the category', () => {
    const s = cslScheme('discipline\tcategory\n军事学\t军事学\n作物学\t农学\n园艺学\t农学\n');
    expect(s.codes).toEqual([
      { code: '军事学', parent: null, nameZh: '军事学' },
      { code: '农学', parent: null, nameZh: '农学' },
      { code: '作物学', parent: '农学', nameZh: '作物学' },
      { code: '园艺学', parent: '农学', nameZh: '园艺学' },
    ]);
  });
});
