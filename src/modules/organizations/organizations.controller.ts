import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import {
  CreateOrganizationDto,
  OrganizationDirectoryPage,
  OrganizationDirectoryQuery,
  OrganizationPage,
  OrganizationQuery,
  OrganizationView,
  UpdateOrganizationDto,
} from './dto/organization.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('organizations 组织')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @MinRole('coordinator')
  @ApiOperation({ summary: '新建组织 / Create an organisation', description: 'Admins and coordinators.' })
  @ApiCreatedResponse({ type: OrganizationView })
  @ApiErrors(400, 401, 403, 409)
  create(@Body() dto: CreateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.create(dto);
  }

  @Get()
  @ApiOperation({
    summary: '组织列表 / List organisations',
    description: 'Admins and coordinators see all; a member sees its own organisation only.',
  })
  @ApiOkResponse({ type: OrganizationPage })
  @ApiErrors(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() q: OrganizationQuery): Promise<OrganizationPage> {
    return this.organizations.list(user, q);
  }

  // Before `:id`, which would otherwise take "directory" for an id.
  @Get('directory')
  @ApiOperation({
    summary: '组织名录 / Directory of organisations',
    description:
      'Any signed-in user (to find a consortium partner, say). Name, kind and district only — never contacts or ' +
      'the credit code — of organisations with at least one active user, not the platform’s own administration. ' +
      '`q`: part of the name (words separated by spaces must all appear); earliest match first, then by name.',
  })
  @ApiOkResponse({ type: OrganizationDirectoryPage })
  @ApiErrors(400, 401)
  directory(@Query() q: OrganizationDirectoryQuery): Promise<OrganizationDirectoryPage> {
    return this.organizations.directory(q);
  }

  @Get(':id')
  @ApiOperation({
    summary: '组织详情 / One organisation',
    description: 'Members: their own organisation only (404 otherwise).',
  })
  @ApiOkResponse({ type: OrganizationView })
  @ApiErrors(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<OrganizationView> {
    return this.organizations.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: '修改组织 / Update an organisation',
    description:
      'Admins and coordinators: any field. Members: their own organisation’s `contact` only (403 for other fields).',
  })
  @ApiOkResponse({ type: OrganizationView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationView> {
    return this.organizations.update(user, id, dto);
  }
}
