import { Type } from 'class-transformer';
import { IsInt, IsString, Max, ValidateNested } from 'class-validator';
import { validateDto } from './validation.js';

class Inner {
  @IsInt({ message: 'min must be a whole number' })
  min: number;
}
class Outer {
  @IsString({ each: true, message: 'each tag must be a string' })
  tags: string[];
  @ValidateNested()
  @Type(() => Inner)
  budget: Inner;
  @Max(9, { message: 'trl must be at most 9' })
  trl: number;
}

describe('validateDto', () => {
  it('names each bad field by its path, and unknown fields too', async () => {
    const r = await validateDto(Outer, { tags: ['a', 3], budget: { min: 1.5 }, trl: 12, extra: true });
    expect(r.value).toBeNull();
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { field: 'tags', message: 'each tag must be a string' },
        { field: 'budget.min', message: 'min must be a whole number' },
        { field: 'trl', message: 'trl must be at most 9' },
        { field: 'extra', message: '未知字段 / unknown field extra' },
      ]),
    );
  });

  it('refuses what is not an object', async () => {
    expect((await validateDto(Outer, [1, 2])).errors).toEqual([
      { field: 'body', message: '应为 JSON 对象 / must be a JSON object' },
    ]);
  });
});
