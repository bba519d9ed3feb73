import 'reflect-metadata';
import { loadConfigOrExit } from './config/app-config.js';

// The configuration is checked before the application's modules are even loaded, so a bad value fails fast.
const config = loadConfigOrExit();
const [{ NestFactory }, { Logger }, { Logger: NestLogger }, { WorkerModule }, { closeOnSignals }] = await Promise.all([
  import('@nestjs/core'),
  import('nestjs-pino'),
  import('@nestjs/common'),
  import('./worker.module.js'),
  import('./common/shutdown.js'),
]);
const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
app.useLogger(app.get(Logger));
const logger = new NestLogger('Worker');
// Closing the context closes the BullMQ workers, which let the job in hand finish before the process exits.
closeOnSignals(app, (msg) => logger.log(msg), config.shutdownGraceMs);
await app.init();
logger.log({ queuePrefix: config.queuePrefix }, 'worker started');
