import { toFormErrors } from './form-errors';

describe('API field errors on form fields', () => {
  it('maps dotted and indexed paths to form names, one entry per field', () => {
    const { fields, other } = toFormErrors(
      [
        { field: 'title', message: '标题不能为空' },
        { field: 'budget.min', message: '不能为负' },
        { field: 'sectors[1]', message: '未知领域代码 hitech:99' },
        { field: 'sectors[2]', message: '未知领域代码 hitech:98' },
        { field: 'body', message: '请求体无效' },
      ],
      new Set(['title', 'budget', 'sectors']),
    );
    expect(fields).toEqual([
      { name: ['title'], errors: ['标题不能为空'] },
      { name: ['budget', 'min'], errors: ['不能为负'] },
      { name: ['sectors'], errors: ['未知领域代码 hitech:99', '未知领域代码 hitech:98'] },
    ]);
    expect(other).toEqual(['请求体无效']);
  });
});
