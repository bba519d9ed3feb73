import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { BookingsService } from './bookings.service.js';
import { BookingPage, BookingQuery, BookingTransitionDto, BookingView } from './dto/booking.dto.js';

@ApiTags('instruments 共享仪器')
@ApiBearerAuth()
@Controller('bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Get()
  @ApiOperation({
    summary: '仪器预约列表 / Bookings',
    description:
      'Members: their organisation’s bookings as provider (its instruments) and as enterprise; `role=provider|' +
      'enterprise` for one side. Coordinators: all. Filters: status, instrumentId. Latest start first, paginated.',
  })
  @ApiOkResponse({ type: BookingPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: BookingQuery): Promise<BookingPage> {
    return this.bookings.list(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '预约详情 / One booking',
    description: 'Its provider’s and its enterprise’s members, coordinators; 404 for others.',
  })
  @ApiOkResponse({ type: BookingView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<BookingView> {
    return this.bookings.get(user, id);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '预约状态流转 / Confirm, decline, cancel or complete',
    description:
      'requested → confirmed | declined (provider; a reason to decline) | cancelled (enterprise, any time); ' +
      'confirmed → completed (provider, after the start; optional `actualMinutes` ≤ booked adjusts an hourly amount; ' +
      'creates the service record) | cancelled (enterprise until BOOKING_CANCEL_CUTOFF_HOURS before the start, ' +
      'later 409 naming the cut-off; provider with a reason). Coordinators may take any step. Confirming a booking ' +
      'that overlaps a confirmed one: 409 `该时段已被其他预约占用` (PostgreSQL’s exclusion constraint decides); on an ' +
      'inactive instrument or a withdrawn capability: 409 `仪器已停止预约`. Illegal ' +
      'steps: 409 with `details.allowed`; the wrong side: 403. Audited; the other side notified (`booking.<to>`).',
  })
  @ApiOkResponse({ type: BookingView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: BookingTransitionDto,
  ): Promise<BookingView> {
    return this.bookings.transition(user, id, dto);
  }
}
