import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { PublicHall } from '../auth/auth.decorators.js';
import {
  HallCapabilitiesQuery,
  HallCapabilityDetail,
  HallCapabilityPage,
  HallNeedDetail,
  HallNeedPage,
  HallNeedsQuery,
} from './dto/hall.dto.js';
import { PublicRateLimitGuard } from '../../common/rate-limit/public-rate-limit.guard.js';
import { HallService } from './hall.service.js';

const OPEN =
  'Without sign-in while PUBLIC_HALLS is true (the default); otherwise any signed-in user. Restricted needs, ' +
  'paused, closed and withdrawn listings, and contacts never appear.';

@ApiTags('hall 需求大厅与成果大厅')
@PublicHall()
@UseGuards(PublicRateLimitGuard)
@Controller('hall')
export class HallController {
  constructor(private readonly hall: HallService) {}

  @Get('needs')
  @ApiOperation({
    summary: '需求大厅 / The needs hall: open public needs, searched and faceted',
    description: `${OPEN} Every search word must be found; best match first (or newest), with the words marked.`,
  })
  @ApiOkResponse({ type: HallNeedPage })
  @ApiErrors(400, 401, 429)
  needs(@Query() q: HallNeedsQuery): Promise<HallNeedPage> {
    return this.hall.needs(q);
  }

  @Get('needs/:id')
  @ApiOperation({ summary: '需求详情（公开）/ A public need', description: OPEN })
  @ApiOkResponse({ type: HallNeedDetail })
  @ApiErrors(400, 401, 404, 429)
  need(@Param('id', IdPipe) id: string): Promise<HallNeedDetail> {
    return this.hall.need(id);
  }

  @Get('capabilities')
  @ApiOperation({
    summary: '成果大厅 / The capabilities hall: active capabilities, searched and faceted',
    description: `${OPEN} Every search word must be found; best match first (or newest), with the words marked.`,
  })
  @ApiOkResponse({ type: HallCapabilityPage })
  @ApiErrors(400, 401, 429)
  capabilities(@Query() q: HallCapabilitiesQuery): Promise<HallCapabilityPage> {
    return this.hall.capabilities(q);
  }

  @Get('capabilities/:id')
  @ApiOperation({ summary: '成果详情（公开）/ A public capability', description: OPEN })
  @ApiOkResponse({ type: HallCapabilityDetail })
  @ApiErrors(400, 401, 404, 429)
  capability(@Param('id', IdPipe) id: string): Promise<HallCapabilityDetail> {
    return this.hall.capability(id);
  }
}
