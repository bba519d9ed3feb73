import { budgetText, effectiveSort, formatYuan, hallQueryOf, withHallChange } from './hall';

const params = (s: string) => new URLSearchParams(s);

describe('a hall’s address', () => {
  it('reads the search, filters and paging the API takes, and drops what it would refuse', () => {
    expect(
      hallQueryOf(
        'capabilities',
        params('q=%20锂电池%20低温%20&sector=hitech:06&district=南岗&kind=patent&trl=7&page=3'),
      ),
    ).toEqual({
      q: '锂电池 低温',
      sort: undefined,
      kind: 'patent',
      district: '南岗',
      sector: 'hitech:06',
      trl: 7,
      page: 3,
      pageSize: 20,
    });
    expect(hallQueryOf('needs', params('kind=patent&trl=7&district=北京&page=0&pageSize=1000&sort=best'))).toEqual({
      q: undefined,
      sort: undefined,
      kind: undefined,
      district: undefined,
      sector: undefined,
      trl: undefined,
      page: 1,
      pageSize: 20,
    });
    expect(hallQueryOf('needs', params('kind=testing&pageSize=50&sort=newest'))).toMatchObject({
      kind: 'testing',
      pageSize: 50,
      sort: 'newest',
    });
  });

  it('goes back to the first page on every change but paging, and leaves defaults out', () => {
    const now = params('q=膜分离&page=4&pageSize=50');
    expect(withHallChange(now, { district: '香坊' }).toString()).toBe(
      params('q=膜分离&pageSize=50&district=香坊').toString(),
    );
    expect(withHallChange(now, { q: undefined }).toString()).toBe('pageSize=50');
    expect(withHallChange(now, { page: 5, pageSize: 50 }).get('page')).toBe('5');
    expect(withHallChange(now, { pageSize: 20 }).toString()).toBe(params('q=膜分离').toString());
    expect(withHallChange(now, { page: 1 }).has('page')).toBe(false);
  });

  it('sorts by relevance with words and by newest without, unless asked', () => {
    expect(effectiveSort({ q: '电池' })).toBe('relevance');
    expect(effectiveSort({})).toBe('newest');
    expect(effectiveSort({ q: '电池', sort: 'newest' })).toBe('newest');
  });
});

describe('money in the halls', () => {
  const words = { from: (m: string) => `${m} 起`, upTo: (m: string) => `不超过 ${m}` };
  it('reads yuan as people do', () => {
    expect(formatYuan(500000, 'zh')).toBe('50 万元');
    expect(formatYuan(1234500, 'zh')).toBe('123.45 万元');
    expect(formatYuan(8000, 'zh')).toBe('8,000 元');
    expect(formatYuan(500000, 'en')).toBe('CNY 500,000');
  });

  it('says a budget with either end, both or neither', () => {
    expect(budgetText(500000, 2000000, 'zh', words)).toBe('50 万元 – 200 万元');
    expect(budgetText(500000, null, 'zh', words)).toBe('50 万元 起');
    expect(budgetText(null, 300000, 'zh', words)).toBe('不超过 30 万元');
    expect(budgetText(100000, 100000, 'zh', words)).toBe('10 万元');
    expect(budgetText(null, null, 'zh', words)).toBeNull();
  });
});
