import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids are UUIDs; anything else names nothing that exists, so it is a 404 like any unknown id. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new AppError(404, `不存在：${value.slice(0, 60)} / not found`);
    return value.toLowerCase();
  }
}
