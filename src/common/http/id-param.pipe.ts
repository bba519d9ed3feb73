import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-errors.js';
import { isUuid } from '../domain/uuid.js';

/** Route ids are UUIDs; anything else names nothing that exists, so it is a 404 like any unknown id. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new AppError(404, `不存在：${value.slice(0, 60)} / not found`);
    return value.toLowerCase();
  }
}
