import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import {
  PaymentDto,
  RatingDto,
  ServiceRecordPage,
  ServiceRecordQuery,
  ServiceRecordView,
} from './dto/service-record.dto.js';
import { ServiceRecordsService } from './service-records.service.js';

@ApiTags('service-records 服务记录')
@ApiBearerAuth()
@Controller('service-records')
export class ServiceRecordsController {
  constructor(private readonly records: ServiceRecordsService) {}

  @Get()
  @ApiOperation({
    summary: '服务记录列表 / Service records',
    description:
      'Members: the records of their organisation, as provider or enterprise (`role=provider|enterprise` for one ' +
      'side); coordinators: all (or, with `role`, their own organisation’s side). Filters: `paid` (true|false), ' +
      '`kind` (equipment|service). A record is created when a booking is completed or a testing report is issued. ' +
      'Newest first, paginated.',
  })
  @ApiOkResponse({ type: ServiceRecordPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: ServiceRecordQuery): Promise<ServiceRecordPage> {
    return this.records.list(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '服务记录详情 / One service record',
    description: 'Its provider’s and its enterprise’s members, coordinators; 404 for others.',
  })
  @ApiOkResponse({ type: ServiceRecordView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<ServiceRecordView> {
    return this.records.get(user, id);
  }

  @Post(':id/payment')
  @HttpCode(200)
  @ApiOperation({
    summary: '登记付款 / Record the payment',
    description:
      'The provider’s members (coordinators too): `invoiceNo` (发票号码) and optionally `paidAt` (default now; not in ' +
      'the future nor before the service). 409 when already paid. Audited; the enterprise is notified ' +
      '(`service_record.paid`). Others who may see it: 403; outsiders 404.',
  })
  @ApiOkResponse({ type: ServiceRecordView })
  @ApiErrors(400, 401, 403, 404, 409)
  pay(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: PaymentDto,
  ): Promise<ServiceRecordView> {
    return this.records.pay(user, id, dto);
  }

  @Post(':id/rating')
  @HttpCode(200)
  @ApiOperation({
    summary: '评价服务 / Rate the service',
    description:
      'The enterprise’s members, once: `rating` 1-5 and an optional `comment`; 409 the second time. Audited; the ' +
      'provider is notified (`service_record.rated`). The provider and coordinators: 403; outsiders 404.',
  })
  @ApiOkResponse({ type: ServiceRecordView })
  @ApiErrors(400, 401, 403, 404, 409)
  rate(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: RatingDto,
  ): Promise<ServiceRecordView> {
    return this.records.rate(user, id, dto);
  }
}
