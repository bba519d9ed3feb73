import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { MinRole } from '../auth/auth.decorators.js';
import { PutTaxonomyDto, TaxonomyList, TaxonomyView } from './dto/taxonomy.dto.js';
import { TaxonomiesService } from './taxonomies.service.js';

@ApiTags('taxonomies 领域分类')
@ApiBearerAuth()
@Controller('taxonomies')
export class TaxonomiesController {
  constructor(private readonly taxonomies: TaxonomiesService) {}

  @Get()
  @ApiOperation({ summary: '分类体系列表 / List sector schemes' })
  @ApiOkResponse({ type: TaxonomyList })
  @ApiErrors(401)
  list(): Promise<TaxonomyList> {
    return this.taxonomies.list();
  }

  @Get(':scheme')
  @ApiOperation({ summary: '一个分类体系及其全部代码 / One scheme with all its codes' })
  @ApiParam({ name: 'scheme', example: 'hitech' })
  @ApiOkResponse({ type: TaxonomyView })
  @ApiErrors(401, 404)
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
