import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { AgreementView, CreateAgreementDto, NominationTransitionDto, NominationView } from './dto/envoys.dto.js';
import { AgreementsService } from './agreements.service.js';
import { NominationsService } from './nominations.service.js';

@ApiTags('envoys 科技特派员')
@ApiBearerAuth()
@Controller('secondment-nominations')
export class SecondmentNominationsController {
  constructor(
    private readonly nominations: NominationsService,
    private readonly agreements: AgreementsService,
  ) {}

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: '双向选择 / Accept, decline or withdraw a nomination',
    description:
      '`enterprise_accepted`: the enterprise’s members. `nominee_accepted`: the nominee user (or, when the ' +
      'nomination names none, a member of the nominating organisation). When both have accepted the nomination is ' +
      '`matched`. `declined` (with `reason`, 400 without): either side. `withdrawn`: the nominating organisation. ' +
      'Coordinators broker: they may decline or withdraw, never accept for a party (403). Outsiders: 404; the wrong ' +
      'side: 403; illegal steps: 409 with `details.allowed`. The other side is told.',
  })
  @ApiOkResponse({ type: NominationView })
  @ApiErrors(400, 401, 403, 404, 409)
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: NominationTransitionDto,
  ): Promise<NominationView> {
    return this.nominations.transitionNomination(user, id, dto);
  }

  @Post(':id/agreement')
  @ApiOperation({
    summary: '起草协议 / Draft the agreement',
    description:
      'Either side (or a coordinator) once the nomination is `matched` (409 otherwise, and 409 when one exists), ' +
      'while the post is open (409 when filled or closed). ' +
      '`endsOn` defaults to `startsOn` + the post’s term − 1 day (2027-01-01 + 12 months → 2027-12-31). Both sides ' +
      'then sign (`POST /secondment-agreements/:id/sign`).',
  })
  @ApiCreatedResponse({ type: AgreementView })
  @ApiErrors(400, 401, 404, 409)
  agreement(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: CreateAgreementDto,
  ): Promise<AgreementView> {
    return this.agreements.createAgreement(user, id, dto);
  }
}
