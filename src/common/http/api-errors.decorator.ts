import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body.js';

const DESCRIPTIONS: Record<number, string> = {
  400: '请求参数无效，details 列出每个字段的问题 / Invalid input; `details` names each field',
  401: '未登录或令牌无效、过期 / Missing, invalid or expired token',
  403: '当前角色或组织无权执行 / The caller’s role or organisation may not do this',
  404: '不存在或无权查看 / Does not exist or is not visible to the caller',
  409: '冲突：已被他人修改或重复 / Conflict: changed by someone else, or a duplicate',
  413: '请求体过大：JSON 最多 1 MB，导入文件最多 10 MB，申请附件最多 20 MB / Body too large: 1 MB for JSON, 10 MB for an import file, 20 MB for an attachment',
  415: '不支持的内容类型：除导入与附件接口外只接受 JSON / Unsupported media type: JSON only, except on the import and attachment routes',
  422: '不符合条件：message 与 details 说明未满足的规则 / Not eligible: `message` and `details` name each rule not met',
  429: '请求或失败次数过多，稍后再试（见 Retry-After）/ Too many requests or failures; see Retry-After',
  503: 'PostgreSQL 或 Redis 暂时不可用，稍后重试（见 Retry-After）；已受理的数据不会丢失 / PostgreSQL or Redis is away for now; retry after Retry-After. Nothing already accepted is lost',
};

/** Documents the error responses of a route, all in the one error shape; every route may answer 503 in an outage. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...new Set([...statuses, 503])].map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBody }),
    ),
  );
}
