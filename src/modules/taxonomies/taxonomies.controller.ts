import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { PublicRateLimitGuard } from '../../common/rate-limit/public-rate-limit.guard.js';
import { MinRole, PublicHall } from '../auth/auth.decorators.js';
import { PutTaxonomyDto, TaxonomyList, TaxonomyView } from './dto/taxonomy.dto.js';
import { TaxonomiesService } from './taxonomies.service.js';

@ApiTags('taxonomies 领域分类')
@ApiBearerAuth()
@Controller('taxonomies')
export class TaxonomiesController {
  constructor(private readonly taxonomies: TaxonomiesService) {}

  // The sector schemes are published standards (GB/T 4754, the high-tech fields): the halls' visitors read the
  // sectors' names from them too, so they are open whenever the halls are (PUBLIC_HALLS).
  @Get()
  @PublicHall()
  @UseGuards(PublicRateLimitGuard)
  @ApiOperation({
    summary: '分类体系列表 / List sector schemes',
    description: 'Without sign-in while the halls are public (PUBLIC_HALLS); otherwise any signed-in user.',
  })
  @ApiOkResponse({ type: TaxonomyList })
  @ApiErrors(401, 429)
  list(): Promise<TaxonomyList> {
    return this.taxonomies.list();
  }

  @Get(':scheme')
  @PublicHall()
  @UseGuards(PublicRateLimitGuard)
  @ApiOperation({
    summary: '一个分类体系及其全部代码 / One scheme with all its codes',
    description: 'Without sign-in while the halls are public (PUBLIC_HALLS); otherwise any signed-in user.',
  })
  @ApiParam({ name: 'scheme', example: 'hitech' })
  @ApiOkResponse({ type: TaxonomyView })
  @ApiErrors(401, 404, 429)
  get(@Param('scheme') scheme: string): Promise<TaxonomyView> {
    return this.taxonomies.get(scheme);
  }

  @Put(':scheme')
  @MinRole('admin')
  @ApiOperation({
    summary: '导入或替换分类体系 / Import or replace a scheme',
    description:
      'Admins. Codes form a tree (parents listed in the same scheme). Replacing a scheme may not drop codes that ' +
      'needs or capabilities still use (409 lists them).',
  })
  @ApiParam({ name: 'scheme', example: 'csl' })
  @ApiOkResponse({ type: TaxonomyView })
  @ApiErrors(400, 401, 403, 409, 413)
  put(@Param('scheme') scheme: string, @Body() dto: PutTaxonomyDto): Promise<TaxonomyView> {
    return this.taxonomies.replace(scheme, dto);
  }
}
