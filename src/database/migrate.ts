// `npm run migration:run`: creates the database named in DATABASE_URL when it does not exist, then migrates it.
import 'reflect-metadata';
import { loadConfigOrExit } from '../config/app-config.js';
import { migrateDatabase } from './ensure-database.js';

const config = loadConfigOrExit();
const applied = await migrateDatabase(config.databaseUrl);
process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'database is up to date\n');
