import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldError } from './error-body.js';

/** An HTTP error whose body follows the API's error shape. */
export class AppError extends HttpException {
  constructor(status: HttpStatus, message: string, details?: unknown) {
    super({ message, details }, status);
  }
}

export const invalidInput = (details: FieldError[], message = '请求参数无效 / Invalid input'): AppError =>
  new AppError(HttpStatus.BAD_REQUEST, message, details);

export const invalidField = (field: string, message: string): AppError => invalidInput([{ field, message }]);

export const notFound = (what: string): AppError =>
  new AppError(HttpStatus.NOT_FOUND, `${what}不存在或无权查看 / ${what} not found`);

export const forbidden = (message: string): AppError => new AppError(HttpStatus.FORBIDDEN, message);

export const conflict = (message: string, details?: unknown): AppError =>
  new AppError(HttpStatus.CONFLICT, message, details);
