import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { BookingsService } from './bookings.service.js';
import { BookingView, CreateBookingDto } from './dto/booking.dto.js';
import {
  CalendarQuery,
  CalendarView,
  CreateInstrumentDto,
  InstrumentList,
  InstrumentPage,
  InstrumentQuery,
  InstrumentView,
  UpdateInstrumentDto,
} from './dto/instrument.dto.js';
import { InstrumentsService } from './instruments.service.js';

@ApiTags('instruments 共享仪器')
@ApiBearerAuth()
@Controller()
export class InstrumentsController {
  constructor(
    private readonly instruments: InstrumentsService,
    private readonly bookings: BookingsService,
  ) {}

  @Post('capabilities/:id/instruments')
  @ApiOperation({
    summary: '添加仪器 / Add an instrument to a capability',
    description:
      'Members of the capability’s organisation, coordinators (others: 403; unknown capability: 404). The capability ' +
      'must be of kind `equipment` (400 naming capabilityId). Opening hours: weekday 1-7 (Monday = 1), from/to HH:MM ' +
      'Harbin time on :00/:30, from < to, no overlap within a weekday (400 naming `openingHours[i].…`). District ' +
      'defaults to the capability’s. Audited.',
  })
  @ApiCreatedResponse({ type: InstrumentView })
  @ApiErrors(400, 401, 403, 404)
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) capabilityId: string,
    @Body() dto: CreateInstrumentDto,
  ): Promise<InstrumentView> {
    return this.instruments.create(user, capabilityId, dto);
  }

  @Get('capabilities/:id/instruments')
  @ApiOperation({
    summary: '能力下的仪器 / Instruments of a capability',
    description:
      'Signed-in users: the active instruments of an active capability; its organisation and coordinators: all.',
  })
  @ApiOkResponse({ type: InstrumentList })
  @ApiErrors(401, 404)
  ofCapability(@CurrentUser() user: AuthUser, @Param('id', IdPipe) capabilityId: string): Promise<InstrumentList> {
    return this.instruments.listOfCapability(user, capabilityId);
  }

  @Get('instruments')
  @ApiOperation({
    summary: '共享仪器列表 / Bookable instruments',
    description:
      'Signed-in users: active instruments of active capabilities; filters district, mode, unit, q (name, model or ' +
      'capability title). `mine=true`: my organisation’s instruments, inactive ones too. Newest first, paginated.',
  })
  @ApiOkResponse({ type: InstrumentPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: InstrumentQuery): Promise<InstrumentPage> {
    return this.instruments.list(user, q);
  }

  @Get('instruments/:id')
  @ApiOperation({
    summary: '仪器详情 / One instrument',
    description:
      'Inactive instruments (or of a withdrawn capability): their organisation, coordinators and organisations ' +
      'that have bookings on it only (others: 404).',
  })
  @ApiOkResponse({ type: InstrumentView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<InstrumentView> {
    return this.instruments.get(user, id);
  }

  @Patch('instruments/:id')
  @ApiOperation({
    summary: '修改仪器 / Edit an instrument',
    description:
      'Members of its organisation, coordinators (others who may see it: 403). Any field of the creation body; the ' +
      'unit cannot change while bookings are requested or confirmed (400 naming unit). Bookings already made keep ' +
      'their amounts. Changing openingHours or blackoutDates, or setting active false, while future requested or ' +
      'confirmed bookings would no longer fit (outside the new windows, on a new blackout date, or any of them when ' +
      'deactivating; the notice rule aside): 409 with `details.bookings: [{id, from, to, status}]` naming them — ' +
      'decline or cancel them first (with a reason; the enterprise is notified). Audited as {field: {from, to}}.',
  })
  @ApiOkResponse({ type: InstrumentView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateInstrumentDto,
  ): Promise<InstrumentView> {
    return this.instruments.update(user, id, dto);
  }

  @Get('instruments/:id/calendar')
  @ApiOperation({
    summary: '仪器周历 / The week calendar',
    description:
      'Whoever may see the instrument. `week`: the Monday (YYYY-MM-DD, Harbin), default this week (400 if not a ' +
      'Monday). Per day: opening windows, blackout flag, `taken` (confirmed and completed bookings: the period; ' +
      'bookingId and enterpriseName only for the provider, coordinators and the booking’s own enterprise), ' +
      '`requested` (the caller’s organisation’s requests), `free` = windows minus taken, cut to what may still be ' +
      'requested: from `bookableFrom` (now + minNoticeHours, on a half hour) to `bookableUntil` (now + 90 days). ' +
      'Times are ISO-8601 at +08:00.',
  })
  @ApiOkResponse({ type: CalendarView })
  @ApiErrors(400, 401, 404)
  calendar(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Query() q: CalendarQuery,
  ): Promise<CalendarView> {
    return this.instruments.calendar(user, id, q.week);
  }

  @Post('instruments/:id/bookings')
  @ApiOperation({
    summary: '预约仪器 / Request a booking',
    description:
      'Members of an enterprise (not the instrument’s own organisation: 403). `from`/`to` ISO-8601 with an offset: ' +
      'within one opening window of one Harbin day, on :00/:30, not on a blackout date, at least `minNoticeHours` ' +
      'and at most 90 days ahead (400 naming from/to); `samples` required iff the unit is sample (400 naming ' +
      'samples). 409 when it overlaps a confirmed booking or the enterprise’s own requested one. Amount: per hour ' +
      'minutes/60 × price rounded half up to the yuan; per sample price × samples. → 201 `requested`; the provider ' +
      'is notified (`booking.requested`).',
  })
  @ApiCreatedResponse({ type: BookingView })
  @ApiErrors(400, 401, 403, 404, 409)
  book(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: CreateBookingDto,
  ): Promise<BookingView> {
    return this.bookings.create(user, id, dto);
  }
}
