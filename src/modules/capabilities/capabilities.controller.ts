import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BatchDto } from '../../common/listing/batch.js';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { CapabilitiesService } from './capabilities.service.js';
import {
  CapabilityBatchResult,
  CapabilityPage,
  CapabilityQuery,
  CapabilityView,
  CreateCapabilityDto,
  UpdateCapabilityDto,
} from './dto/capability.dto.js';

@ApiTags('capabilities 成果与能力')
@ApiBearerAuth()
@Controller('capabilities')
export class CapabilitiesController {
  constructor(private readonly capabilities: CapabilitiesService) {}

  @Post()
  @ApiOperation({
    summary: '发布成果与能力 / List an achievement, patent, expertise, equipment, service or platform',
    description:
      'Members of universities, research institutes and labs list for their own organisation; coordinators on an ' +
      'owner’s behalf (organizationId). Matching against open needs starts by itself.',
  })
  @ApiCreatedResponse({ type: CapabilityView })
  @ApiErrors(400, 401, 403, 413)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCapabilityDto): Promise<CapabilityView> {
    return this.capabilities.create(user, dto);
  }

  @Post('batch')
  @ApiOperation({
    summary: '批量发布成果 / List up to 1,000 capabilities at once',
    description: 'All or nothing: if any item is invalid, 400 lists every problem by item and nothing is written.',
  })
  @ApiCreatedResponse({ type: CapabilityBatchResult })
  @ApiErrors(400, 401, 403, 413)
  batch(@CurrentUser() user: AuthUser, @Body() dto: BatchDto): Promise<CapabilityBatchResult> {
    return this.capabilities.createBatch(user, dto.items);
  }

  @Get()
  @ApiOperation({ summary: '成果列表 / List capabilities', description: 'Every signed-in user; newest first.' })
  @ApiOkResponse({ type: CapabilityPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: CapabilityQuery): Promise<CapabilityPage> {
    return this.capabilities.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '成果详情 / One capability' })
  @ApiOkResponse({ type: CapabilityView })
  @ApiErrors(401, 404)
  get(@Param('id', IdPipe) id: string): Promise<CapabilityView> {
    return this.capabilities.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改成果 / Change a capability', description: 'The owner’s members and coordinators.' })
  @ApiOkResponse({ type: CapabilityView })
  @ApiErrors(400, 401, 403, 404, 413)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateCapabilityDto,
  ): Promise<CapabilityView> {
    return this.capabilities.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: '删除成果 / Delete a capability', description: 'The owner’s members and coordinators.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    return this.capabilities.remove(user, id);
  }
}
