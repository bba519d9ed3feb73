import { execSync } from 'node:child_process';
import { NEED_COLUMNS, SheetReader } from './spreadsheet.js';

const gb18030 = (s: string) => Buffer.from(new Uint8Array(execSync('iconv -f UTF-8 -t GB18030', { input: s })));

function read(chunks: Buffer[], max = 1000) {
  const reader = new SheetReader(NEED_COLUMNS, max);
  let accepted = 0;
  for (const c of chunks) {
    if (!reader.write(c)) break;
    accepted++;
  }
  const over = reader.overLimitRow;
  const sheet = over === null ? reader.end() : null;
  return { accepted, over, encoding: reader.encoding, sheet };
}

const CSV =
  '标题,描述,关键词,预算下限\r\n' +
  '寒地大豆机械化收获损失,"大豆收获损失率高，\r\n寻求低损收获装备",大豆；收获、农机,"100,000"\r\n' +
  '耐低温锂电池,"含""引号""的描述",锂电池,\r\n' +
  '\r\n' +
  '第三个需求,描述文字😀,,\r\n';

describe('SheetReader', () => {
  const files: Array<[string, Buffer, string]> = [
    ['UTF-8', Buffer.from(CSV, 'utf8'), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]), 'utf-8'],
    ['GB18030', gb18030(CSV.replace('😀', '')), 'gb18030'],
  ];

  it.each(files)('reads %s the same however its bytes are split (characters cut in two included)', (_, bytes, enc) => {
    const whole = read([bytes]);
    expect(whole.encoding).toBe(enc);
    expect(whole.sheet!.errors).toEqual([]);
    // Rows are records, as a spreadsheet shows them: a cell with a line break is still one row.
    expect(whole.sheet!.rows).toEqual([2, 3, 5]);
    expect(whole.sheet!.items[0]).toEqual({
      title: '寒地大豆机械化收获损失',
      description: '大豆收获损失率高，\r\n寻求低损收获装备',
      keywords: ['大豆', '收获', '农机'],
      budget: { min: 100000 },
    });
    expect(whole.sheet!.items[1].description).toBe('含"引号"的描述');
    for (let at = 1; at < bytes.length; at++) {
      const split = read([bytes.subarray(0, at), bytes.subarray(at)]);
      expect({ at, encoding: split.encoding, sheet: split.sheet }).toEqual({ at, encoding: enc, sheet: whole.sheet });
    }
    const bytewise = read([...bytes].map((b) => Buffer.from([b])));
    expect(bytewise.sheet).toEqual(whole.sheet);
    expect(bytewise.encoding).toBe(enc);
  });

  it('reads a file as GB18030 even when the first bytes that are not UTF-8 come late', () => {
    const csv = '标题,描述\n' + 'plain ascii row,description\n'.repeat(4000) + '寒地大豆,描述\n';
    const bytes = gb18030(csv);
    const r = read([bytes.subarray(0, 70_000), bytes.subarray(70_000)], 10_000);
    expect(r.encoding).toBe('gb18030');
    expect(r.sheet!.items).toHaveLength(4001);
    expect(r.sheet!.items[4000]).toEqual({ title: '寒地大豆', description: '描述' });
  });

  it('stops at the first data row past the limit, without wanting the rest', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => Buffer.from(`第${i + 1}行,描述\n`));
    const r = read([Buffer.from('标题,描述\n'), ...rows]);
    expect(r.over).toBe(1002);
    // The row after row 1,002 ends it; a handful more may have been given before the parser saw it.
    expect(r.accepted).toBeLessThan(1100);
  });

  it('names rows as the spreadsheet does, and a broken quote or a row wider than the header', () => {
    const r = read([Buffer.from('标题,描述\n一行,描述,多出来的格\n"引号没有闭合,描述\n第二行,描述\n')]);
    expect(r.sheet!.errors.map((e) => e.row)).toEqual([2, 3]);
    expect(r.sheet!.errors[1].message).toMatch(/MissingQuotes/);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(read([Buffer.alloc(0)]).sheet!.errors[0].message).toMatch(/empty file/);
    expect(read([Buffer.from('标题,描述\n')]).sheet!.errors[0].message).toMatch(/no data rows/);
  });
});
