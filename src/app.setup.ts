import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { createValidationPipe } from './common/validation/validation.js';
import type { AppConfig } from './config/app-config.js';
import { SESSION_COOKIE } from './modules/auth/session-cookie.js';
import { httpMetrics } from './common/metrics/http-metrics.js';
import { mountQueueBoard } from './modules/operations/queue-board.js';
import { securityHeaders } from './modules/web/security-headers.js';
import { defaultConsoleDir, webConsole } from './modules/web/web-console.js';

export const API_PREFIX = 'api/v1';

/** Everything main.ts and the tests both need on top of the module: prefix, pipes, errors, OpenAPI. */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
  express.disable('x-powered-by');
  // A hop count or a list of proxy addresses, never "trust everything" (the schema refuses `true`).
  if (config.trustProxy !== false) express.set('trust proxy', config.trustProxy);
  app.use(httpMetrics);
  app.use(securityHeaders);
  app.use(webConsole(config.webDir ?? defaultConsoleDir(import.meta.url)));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  mountQueueBoard(app);
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('科技成果转化对接平台 API / Tech-transfer matchmaking API')
      .setDescription(
        '企业发布技术需求，高校院所发布成果与能力，匹配引擎给出排序并附解释的推荐，协调员审核后推动一对一对接直至签约。\n\n' +
          'Enterprises post needs, universities and institutes list capabilities, the matching worker ranks and explains ' +
          'candidate pairings, and coordinators review them. Every route needs a bearer token from `POST /api/v1/auth/login` ' +
          'unless marked otherwise. Errors always have the shape `{statusCode, error, message, details?}`.',
      )
      .setVersion('1.0')
      .addServer('/')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json', customSiteTitle: '科技成果转化对接平台 API' });
  return app;
}
