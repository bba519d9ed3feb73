import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body.js';

const DESCRIPTIONS: Record<number, string> = {
  400: '请求参数无效，details 列出每个字段的问题 / Invalid input; `details` names each field',
  401: '未登录或令牌无效、过期 / Missing, invalid or expired token',
  403: '当前角色或组织无权执行 / The caller’s role or organisation may not do this',
  404: '不存在或无权查看 / Does not exist or is not visible to the caller',
  409: '冲突：已被他人修改或重复 / Conflict: changed by someone else, or a duplicate',
  413: '请求体超过 1 MB / Body larger than 1 MB',
  429: '失败次数过多，稍后再试（见 Retry-After）/ Too many failures; see Retry-After',
};

/** Documents the error responses of a route, all in the one error shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBody })),
  );
}
