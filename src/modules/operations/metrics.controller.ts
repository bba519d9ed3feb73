import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError, notFound } from '../../common/errors/app-errors.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { Public } from '../auth/auth.decorators.js';
import { MetricsService } from './metrics.service.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Prometheus metrics, for a scraper holding METRICS_TOKEN (`Authorization: Bearer …`); off (404) without it. Not a
 * user's route: no session, outside /api/v1 and the API reference.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.metricsToken;
    if (!token) throw notFound('指标接口（未设置 METRICS_TOKEN）/ metrics endpoint (METRICS_TOKEN is not set)');
    const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError(HttpStatus.UNAUTHORIZED, '需要指标令牌 / the metrics token is required');
    }
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  }
}
