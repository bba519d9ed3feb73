import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { contentionOf, dataErrorOf, outageOf, type InfraService } from './infra-errors.js';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  message?: string;
  expose?: boolean;
}

const MESSAGES: Partial<Record<number, string>> = {
  400: '请求参数无效 / Invalid input',
  401: '请先登录 / Authentication required',
  403: '无权执行此操作 / Not allowed',
  404: '资源不存在 / Not found',
  409: '数据已被修改或存在冲突 / Conflict',
  413: '请求体超过 1 MB / Request body larger than 1 MB',
  415: '不支持的内容类型 / Unsupported media type',
  503: '服务暂时不可用，请稍后重试 / Service temporarily unavailable, try again shortly',
  429: '请求过于频繁，请稍后再试 / Too many requests, try again later',
  500: '服务器内部错误 / Internal server error',
};

/** Seconds a client is asked to wait when PostgreSQL or Redis is away. */
export const OUTAGE_RETRY_AFTER_SECONDS = 10;

export const OUTAGE_MESSAGES: Record<InfraService, string> = {
  postgres:
    '服务暂时不可用：数据库连接中断，请稍后重试；已受理的数据不会丢失 / service temporarily unavailable: PostgreSQL cannot be reached, try again shortly; nothing already accepted is lost',
  redis:
    '服务暂时不可用：队列服务连接中断，请稍后重试 / service temporarily unavailable: Redis cannot be reached, try again shortly',
};

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * Turns every error into `{statusCode, error, message, details?}`: Nest's HttpExceptions, the body parser's
 * errors (malformed JSON, 413), and anything unexpected (500, logged, never leaked).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const { status, message, details, extraHeaders } = this.describe(exception);
    if (status === 503) this.logger.warn({ err: String(exception), path: req.url }, 'answered 503: a service is away');
    else if (status >= 500) this.logger.error({ err: exception, path: req.url }, 'unhandled error');
    else if (!(exception instanceof HttpException) && !this.bodyParser(exception)) {
      // A database error caused by input that validation should have caught: answered 4xx, logged to be fixed.
      this.logger.warn({ err: String(exception), path: req.url }, 'input reached PostgreSQL unchecked');
    }
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
    const body: Record<string, unknown> = { statusCode: status, error: statusText(status), message };
    if (details !== undefined) body.details = details;
    // Spreadsheet imports name their problems `errors: [{row, column, message}]` (PRODUCT.md) besides `details`.
    const extra = exception instanceof HttpException ? exception.getResponse() : null;
    if (extra && typeof extra === 'object' && Array.isArray((extra as { errors?: unknown }).errors)) {
      body.errors = (extra as { errors: unknown[] }).errors;
    }
    if (req.id) body.requestId = String(req.id);
    res.status(status).json(body);
  }

  private describe(exception: unknown): {
    status: number;
    message: string;
    details?: unknown;
    extraHeaders: Record<string, string>;
  } {
    // Nest wraps body-parser's errors in HttpExceptions; answer them by their original type.
    const bodyParserError = this.bodyParser(exception instanceof HttpException ? exception.cause : exception);
    if (bodyParserError) return bodyParserError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const headers = (exception as HttpException & { headers?: Record<string, string> }).headers ?? {};
      if (typeof response === 'string') return { status, message: response, extraHeaders: headers };
      const r = response as { message?: unknown; details?: unknown };
      let message = typeof r.message === 'string' ? r.message : (MESSAGES[status] ?? statusText(status));
      let details = r.details;
      if (Array.isArray(r.message)) {
        details = r.message.map((m) => ({ field: 'body', message: String(m) }));
        message = MESSAGES[status] ?? statusText(status);
      }
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message)) {
        message = MESSAGES[404] ?? 'Not found';
      }
      return { status, message, details, extraHeaders: headers };
    }
    const service = outageOf(exception);
    if (service) {
      return {
        status: 503,
        message: OUTAGE_MESSAGES[service],
        details: { service },
        extraHeaders: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
      };
    }
    if (contentionOf(exception)) {
      return {
        status: 503,
        message: '数据库繁忙或查询超时，请稍后重试 / PostgreSQL is busy or the query took too long: try again shortly',
        details: { service: 'postgres', reason: 'busy' },
        extraHeaders: { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
      };
    }
    const data = dataErrorOf(exception);
    if (data?.kind === 'invalid') {
      return {
        status: 400,
        message: '请求中有超出范围或格式无效的值 / a value in the request is out of range or malformed',
        details: [{ field: 'request', message: `PostgreSQL ${data.code}` }],
        extraHeaders: {},
      };
    }
    if (data?.kind === 'conflict') {
      return {
        status: 409,
        message: '数据已被修改或存在冲突，请刷新后重试 / the data changed meanwhile or conflicts, reload and try again',
        extraHeaders: {},
      };
    }
    return { status: 500, message: MESSAGES[500]!, extraHeaders: {} };
  }

  private bodyParser(
    e: unknown,
  ): { status: number; message: string; details?: unknown; extraHeaders: Record<string, string> } | null {
    const bp = e as BodyParserError | undefined;
    if (!bp || typeof bp !== 'object' || typeof bp.type !== 'string') return null;
    switch (bp.type) {
      case 'entity.too.large':
        return { status: 413, message: MESSAGES[413]!, extraHeaders: {} };
      case 'entity.parse.failed':
        return {
          status: 400,
          message: '请求体不是有效的 JSON / Malformed JSON body',
          details: [{ field: 'body', message: bp.message ?? 'malformed JSON' }],
          extraHeaders: {},
        };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { status: 415, message: MESSAGES[415]!, extraHeaders: {} };
      default: {
        const status = bp.status ?? bp.statusCode ?? 400;
        return status >= 400 && status < 500
          ? { status, message: MESSAGES[status] ?? statusText(status), extraHeaders: {} }
          : null;
      }
    }
  }
}
