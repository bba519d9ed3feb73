import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { MinRole } from '../auth/auth.decorators.js';
import { InstrumentStatsQuery, InstrumentStatsView } from './dto/stats.dto.js';
import { InstrumentStatsService } from './instrument-stats.service.js';

@ApiTags('stats 统计')
@ApiBearerAuth()
@Controller('stats')
export class InstrumentStatsController {
  constructor(private readonly stats: InstrumentStatsService) {}

  @Get('instruments')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '共享仪器统计 / Instrument statistics',
    description:
      'Coordinators (members: 403). Harbin dates `from`..`to` (inclusive; default the last 30 days; at most 366 ' +
      'days, 400 naming to; from after to: 400 naming from). Per instrument and per district, and in total. The ' +
      'district is where the instrument physically is (the instrument’s own `district`; for testing orders and ' +
      'their records, the testing service’s `district`), not the provider organisation’s: sharing across ' +
      'districts is about where the equipment stands. Open hours: opening hours minus blackout dates, counted ' +
      'from the Harbin date the instrument was created and leaving out the periods it was inactive (rebuilt from ' +
      'its edit audit; the current opening hours apply to the whole range). Booked hours: confirmed and completed ' +
      'bookings, the part of their period within the range (a completed booking counts its actual minutes when ' +
      'recorded). Utilisation = booked / open (null when never open), bookings starting in the range and completed ' +
      'ones, testing orders created in the range (per district), service records completed in the range and their ' +
      'amount in yuan.',
  })
  @ApiOkResponse({ type: InstrumentStatsView })
  @ApiErrors(400, 401, 403)
  get(@Query() q: InstrumentStatsQuery): Promise<InstrumentStatsView> {
    return this.stats.stats(q);
  }
}
