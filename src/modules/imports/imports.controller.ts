import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { csvDownload } from '../../common/csv/csv.js';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { RateLimit, type RateLimitRule } from '../../common/rate-limit/rate-limit.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import { ExportsService } from './exports.service.js';
import { ImportsService, type ImportResult } from './imports.service.js';

const IMPORT_DESCRIPTION =
  'A CSV body (`text/csv`) as Excel or WPS saves it: UTF-8 with or without BOM, or GB18030/GBK. Header row in Chinese ' +
  'or English (标题/title, 描述/description, 领域/sectors, 关键词/keywords, 合作方式/cooperationModes, 区县/district …); ' +
  'list cells split on `;`, `；` or `、`; missing optional columns take the defaults. `?dryRun=true` checks only. ' +
  'A file with any bad row is refused whole: 400 with `errors: [{row, column, message}]` (the header is row 1). ' +
  'At most 1,000 data rows and 10 MB: reading stops at the first row past the limit (400 naming it). The file is ' +
  'read only after the caller is authenticated. At most 30 imports (dry runs included) per user in 10 minutes (429).';

/** Per user, the two import routes together, dry runs included; and the three exports together. */
const IMPORT_LIMIT: RateLimitRule = { name: 'import', zh: '导入', en: 'imports', limit: 30, windowSeconds: 600 };
const EXPORT_LIMIT: RateLimitRule = { name: 'export', zh: '导出', en: 'exports', limit: 30, windowSeconds: 600 };

@ApiTags('imports 导入导出')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportsService,
  ) {}

  @Post('imports/needs')
  @HttpCode(201)
  @ApiOperation({ summary: '导入需求 / Import needs from a spreadsheet', description: IMPORT_DESCRIPTION })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: '标题,描述,领域,关键词\n寒地大豆收获损失,收获损失率高,hitech:0207,大豆;收获' },
  })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiErrors(400, 401, 403, 413, 415, 429)
  @RateLimit(IMPORT_LIMIT)
  needs(@CurrentUser() user: AuthUser, @Req() req: Request, @Query('dryRun') dryRun?: string): Promise<ImportResult> {
    return this.imports.importNeeds(user, req, dryRun === 'true');
  }

  @Post('imports/capabilities')
  @HttpCode(201)
  @ApiOperation({ summary: '导入成果 / Import capabilities from a spreadsheet', description: IMPORT_DESCRIPTION })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string' } })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiErrors(400, 401, 403, 413, 415, 429)
  @RateLimit(IMPORT_LIMIT)
  capabilities(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Query('dryRun') dryRun?: string,
  ): Promise<ImportResult> {
    return this.imports.importCapabilities(user, req, dryRun === 'true');
  }

  @Get('exports/needs')
  @ApiOperation({
    summary: '导出需求 / Export needs as CSV',
    description: 'What GET /needs shows the caller, all of it; UTF-8 with BOM, sent as it is read.',
  })
  @ApiProduces('text/csv')
  @ApiErrors(401, 429)
  @RateLimit(EXPORT_LIMIT)
  exportNeeds(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): AsyncGenerator<string> {
    csvDownload(res, 'needs.csv');
    return this.exports.needs(user);
  }

  @Get('exports/capabilities')
  @ApiOperation({
    summary: '导出成果 / Export capabilities as CSV',
    description: 'What GET /capabilities shows, all of it; UTF-8 with BOM, sent as it is read.',
  })
  @ApiProduces('text/csv')
  @ApiErrors(401, 429)
  @RateLimit(EXPORT_LIMIT)
  exportCapabilities(@Res({ passthrough: true }) res: Response): AsyncGenerator<string> {
    csvDownload(res, 'capabilities.csv');
    return this.exports.capabilities();
  }

  @Get('exports/matches')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '导出匹配 / Export matches as CSV',
    description: 'Coordinators: every match with its status and outcome; UTF-8 with BOM, sent as it is read.',
  })
  @ApiProduces('text/csv')
  @ApiErrors(401, 403, 429)
  @RateLimit(EXPORT_LIMIT)
  exportMatches(@Res({ passthrough: true }) res: Response): AsyncGenerator<string> {
    csvDownload(res, 'matches.csv');
    return this.exports.matches();
  }
}
