import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Structured JSON logs; every request line and every log inside a request carries its request id. A developer
 * watching a terminal (stdout a TTY, NODE_ENV not production) reads them through pino-pretty instead: one coloured
 * line per entry, the same fields. Anything else (a file, a pipe, a log collector, production) gets JSON.
 */
export function loggerParams(
  config: Pick<AppConfig, 'logLevel' | 'env'>,
  processName: 'api' | 'worker',
  terminal: boolean = process.stdout.isTTY === true,
): Params {
  const pretty = terminal && config.env !== 'production';
  return {
    pinoHttp: {
      level: config.logLevel,
      ...(pretty
        ? {
            transport: {
              target: 'pino-pretty',
              options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
            },
          }
        : {}),
      base: { process: processName, pid: process.pid },
      // An upstream proxy's id is kept when it looks like one, so a request can be followed across services.
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.passwordHash',
          '*.secret',
        ],
        censor: '[redacted]',
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/health/ready' },
      quietReqLogger: true,
    },
  };
}
