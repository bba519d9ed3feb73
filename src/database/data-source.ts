// The data source the TypeORM CLI uses (`npm run migration:*`), run against the compiled output.
import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.extname(fileURLToPath(import.meta.url));

export default new DataSource({
  ...dataSourceOptions(loadConfigOrExit()),
  entities: [path.join(here, '..', '**', `*.entity${ext}`)],
});
