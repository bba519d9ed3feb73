import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import { UserView } from '../auth/dto/auth.dto.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { CreateUserDto, MeView, UpdateUserDto, UserPage, UserQuery } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users 用户')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: '当前用户及其组织 / The signed-in user and its organisation' })
  @ApiOkResponse({ type: MeView })
  @ApiErrors(401)
  me(@CurrentUser() user: AuthUser): Promise<MeView> {
    return this.users.me(user);
  }

  @Post('users')
  @MinRole('coordinator')
  @ApiOperation({ summary: '新建用户 / Create a user', description: 'Admins: any role. Coordinators: members only.' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(user, dto);
  }

  @Get('users')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '用户列表 / List users',
    description:
      'Admins: every user. Coordinators: members, and themselves; a filter applies within that, so `role=admin` ' +
      '(or `role=coordinator`, beyond themselves) from a coordinator gives an empty list, not 403. ' +
      'Filter by organisation, role, or `expert` (评审专家, for choosing a challenge review panel).',
  })
  @ApiOkResponse({ type: UserPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() q: UserQuery): Promise<UserPage> {
    return this.users.list(user, q);
  }

  @Patch('users/:id')
  @ApiOperation({
    summary: '修改用户 / Update a user',
    description:
      'Admins: anyone, any field. Coordinators: members only, and only to the member role. Anyone: their own name, ' +
      'and their own password with `currentPassword`; a member cannot change its own role, organisation or status. ' +
      'A change of password, role, organisation or status ends that user’s sessions. `expert` (may sit on a ' +
      'challenge review panel) is set by admins (anyone) and coordinators (members, not themselves); coordinators and admins never sit on a panel themselves.',
  })
  @ApiOkResponse({ type: UserView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.update(user, id, dto);
  }
}
