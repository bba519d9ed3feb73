import 'reflect-metadata';
import type { Server } from 'node:http';
import { loadConfigOrExit } from './config/app-config.js';

// The configuration is checked before the application's modules are even loaded, so a bad value fails fast.
const config = loadConfigOrExit();
const [{ NestFactory }, { Logger }, { AppModule }, { configureApp }, { closeOnSignals }] = await Promise.all([
  import('@nestjs/core'),
  import('nestjs-pino'),
  import('./app.module.js'),
  import('./app.setup.js'),
  import('./common/shutdown.js'),
]);
const app = await NestFactory.create(AppModule.register(config), { bodyParser: false, bufferLogs: true });
configureApp(app, config);
closeOnSignals(app, (msg) => app.get(Logger).log(msg, 'Api'), config.shutdownGraceMs);
// A client that sends its request slowly (headers or body) cannot hold a connection for Node's default 5 minutes.
const server = app.getHttpServer() as Server;
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;
await app.listen(config.port);
