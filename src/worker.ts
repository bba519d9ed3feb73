import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/app-config.js';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
app.useLogger(app.get(Logger));
// On SIGTERM Nest closes the BullMQ workers, which finish the job in hand before the process exits.
app.enableShutdownHooks();
await app.init();
app.get(Logger).log({ queuePrefix: config.queuePrefix }, 'worker started');
