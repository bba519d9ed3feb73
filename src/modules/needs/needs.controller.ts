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
import { CreateNeedDto, NeedBatchResult, NeedPage, NeedQuery, NeedView, UpdateNeedDto } from './dto/need.dto.js';
import { NeedsService } from './needs.service.js';

@ApiTags('needs 企业需求')
@ApiBearerAuth()
@Controller('needs')
export class NeedsController {
  constructor(private readonly needs: NeedsService) {}

  @Post()
  @ApiOperation({
    summary: '发布需求 / Post a need',
    description:
      'Enterprise members post for their own organisation; coordinators post on an enterprise’s behalf (organizationId). ' +
      'Matching starts by itself once the need is saved.',
  })
  @ApiCreatedResponse({ type: NeedView })
  @ApiErrors(400, 401, 403, 413)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateNeedDto): Promise<NeedView> {
    return this.needs.create(user, dto);
  }

  @Post('batch')
  @ApiOperation({
    summary: '批量发布需求 / Post up to 1,000 needs at once',
    description: 'All or nothing: if any item is invalid, 400 lists every problem by item and nothing is written.',
  })
  @ApiCreatedResponse({ type: NeedBatchResult })
  @ApiErrors(400, 401, 403, 413)
  batch(@CurrentUser() user: AuthUser, @Body() dto: BatchDto): Promise<NeedBatchResult> {
    return this.needs.createBatch(user, dto.items);
  }

  @Get()
  @ApiOperation({
    summary: '需求列表 / List needs',
    description: 'Newest first. Restricted needs appear only to their owner and coordinators.',
  })
  @ApiOkResponse({ type: NeedPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: NeedQuery): Promise<NeedPage> {
    return this.needs.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: '需求详情 / One need' })
  @ApiOkResponse({ type: NeedView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<NeedView> {
    return this.needs.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改需求 / Change a need', description: 'The owner’s members and coordinators.' })
  @ApiOkResponse({ type: NeedView })
  @ApiErrors(400, 401, 403, 404, 413)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateNeedDto,
  ): Promise<NeedView> {
    return this.needs.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: '删除需求 / Delete a need', description: 'The owner’s members and coordinators.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    return this.needs.remove(user, id);
  }
}
