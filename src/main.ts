import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { loadConfigOrExit } from './config/app-config.js';

const config = loadConfigOrExit();
const app = await NestFactory.create(AppModule.register(config), { bodyParser: false, bufferLogs: true });
configureApp(app, config);
await app.listen(config.port);
