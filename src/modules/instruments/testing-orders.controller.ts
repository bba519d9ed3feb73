import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import {
  CreateTestingOrderDto,
  ReportQuery,
  TestingOrderPage,
  TestingOrderQuery,
  TestingOrderTransitionDto,
  TestingOrderView,
} from './dto/testing-order.dto.js';
import { TestingOrdersService } from './testing-orders.service.js';

@ApiTags('testing-orders 检验检测')
@ApiBearerAuth()
@Controller()
export class TestingOrdersController {
  constructor(private readonly orders: TestingOrdersService) {}

  @Post('capabilities/:id/testing-orders')
  @ApiOperation({
    summary: '委托检测 / Order a test',
    description:
      'Members of an enterprise (not the capability’s own organisation: 403) order from a capability of kind ' +
      '`service` (检验检测服务; 400 naming capabilityId otherwise; withdrawn: 409). Body: samples (text), sampleCount, ' +
      'standard (e.g. GB/T 228.1-2021, trimmed, ≤ 100 chars), quantity (billable). The provider quotes on accepting. ' +
      '→ 201 `requested`; the provider is notified (`testing_order.requested`).',
  })
  @ApiCreatedResponse({ type: TestingOrderView })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) capabilityId: string,
    @Body() dto: CreateTestingOrderDto,
  ): Promise<TestingOrderView> {
    return this.orders.create(user, capabilityId, dto);
  }

  @Get('testing-orders')
  @ApiOperation({
    summary: '检测订单列表 / Testing orders',
    description:
      'Members: their organisation’s orders as provider and as enterprise (`role=provider|enterprise` for one ' +
      'side); coordinators: all. Filters: status, capabilityId. Newest first, paginated.',
  })
  @ApiOkResponse({ type: TestingOrderPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: TestingOrderQuery): Promise<TestingOrderPage> {
    return this.orders.list(user, q);
  }

  @Get('testing-orders/:id')
  @ApiOperation({
    summary: '检测订单详情 / One testing order',
    description: 'Its provider’s and its enterprise’s members, coordinators; 404 for others.',
  })
  @ApiOkResponse({ type: TestingOrderView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<TestingOrderView> {
    return this.orders.get(user, id);
  }

  @Post('testing-orders/:id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '检测订单状态流转 / Move a testing order on',
    description:
      'Provider: requested → accepted (with `unitPriceYuan` and `dueDate` ≥ today: amount = quantity × unit price) | ' +
      'declined (with reason); accepted → samples_received → testing; after samples_received it alone cancels (with ' +
      'reason). Enterprise: cancels while requested or accepted; closes an issued report (acknowledged). ' +
      'testing → report_issued only by uploading the report (PUT …/report; 400 naming `to` here). Coordinators may ' +
      'take any step. Illegal steps: 409 with `details.allowed`; the wrong side: 403. Audited; the other side is ' +
      'notified (`testing_order.<to>`).',
  })
  @ApiOkResponse({ type: TestingOrderView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: TestingOrderTransitionDto,
  ): Promise<TestingOrderView> {
    return this.orders.transition(user, id, dto);
  }

  @Put('testing-orders/:id/report')
  @ApiOperation({
    summary: '上传检测报告 / Upload the PDF report',
    description:
      'The provider’s members (coordinators too), while the order is `testing` (409 with allowed steps otherwise). ' +
      'The body is the file (`Content-Type: application/pdf`, 415 otherwise), at most 20 MB (413), starting with ' +
      '`%PDF-` (400 naming body); `?filename=` names it, `?sha256=` (optional) is checked (400 naming sha256). ' +
      'Stored with its SHA-256 (PostgreSQL or ATTACHMENTS_DIR). Moves the order to `report_issued`, creates the ' +
      'service record, notifies the enterprise. One upload at a time per user (429).',
  })
  @ApiConsumes('application/pdf')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: TestingOrderView })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 429)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: ReportQuery,
    @Req() req: Request,
  ): Promise<TestingOrderView> {
    return this.orders.uploadReport(user, id, q, req);
  }

  @Get('testing-orders/:id/report')
  @ApiOperation({
    summary: '下载检测报告 / Download the report',
    description:
      'The enterprise, the provider, coordinators (others 404; no report yet 404). The checksum is verified first ' +
      '(409 when the stored file is damaged); `X-Checksum-SHA256` carries it.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 404, 409)
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { filename, sha256, bytes } = await this.orders.report(user, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('X-Checksum-SHA256', sha256);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    return new StreamableFile(bytes);
  }
}
