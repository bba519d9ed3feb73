import { registerDecorator, type ValidationArguments } from 'class-validator';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../../../common/domain/social-credit-code.js';

/** 统一社会信用代码: 18 characters with a valid GB 32100-2015 check character. */
export function IsCreditCode(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && creditCodeProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) => {
          const v: unknown = args?.value;
          return typeof v === 'string'
            ? CREDIT_CODE_MESSAGES[creditCodeProblem(v) ?? 'check']
            : 'creditCode 应为字符串 / creditCode must be a string';
        },
      },
    });
}
