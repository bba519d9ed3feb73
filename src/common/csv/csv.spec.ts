import { asText, csvHead, csvRows, toCsv } from './csv.js';

describe('csv', () => {
  it('guards headers like cells: a header that would run as a formula is written as text', () => {
    const head = csvHead([
      { header: '=1+1(元)', value: () => 1 },
      { header: '企业', value: () => 2 },
    ]);
    expect(head).toBe("\uFEFF'=1+1(元),企业\r\n");
    for (const h of ['+1', '-1', '@SUM(A1)']) expect(csvHead([{ header: h, value: () => 0 }])).toBe(`\uFEFF'${h}\r\n`);
  });

  it('keeps number-like text as text (asText), leaves other values alone', () => {
    expect(asText('912301001234567890')).toBe("'912301001234567890");
    expect(asText('0451')).toBe("'0451");
    expect(asText('1E5')).toBe("'1E5");
    expect(asText('91230100MA1C2B3D4E')).toBe('91230100MA1C2B3D4E');
    expect(asText(null)).toBe('');
    expect(csvRows([{ c: asText('912301001234567890') }], [{ header: 'c', value: (r) => r.c }])).toBe(
      "'912301001234567890\r\n",
    );
  });

  it('still guards cells and writes CRLF with a BOM', () => {
    expect(toCsv([{ a: '=HYPERLINK("x")' }], [{ header: 'a', value: (r) => r.a }])).toBe(
      '\uFEFFa\r\n"\'=HYPERLINK(""x"")"\r\n',
    );
  });
});
