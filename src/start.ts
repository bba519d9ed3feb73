// `npm start`: everything on one machine. Creates and migrates the database, then runs the API and one worker as
// two child processes (so scoring never blocks HTTP), forwarding signals and stopping both if either dies.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from './config/app-config.js';
import { migrateDatabase } from './database/ensure-database.js';

const config = loadConfigOrExit();
const log = (msg: string) =>
  process.stdout.write(`${JSON.stringify({ level: 'info', process: 'start', time: Date.now(), msg })}\n`);

const applied = await migrateDatabase(config.databaseUrl);
log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');

const children = new Map<string, ChildProcess>();
let stopping = false;

function stopAll(signal: NodeJS.Signals): void {
  stopping = true;
  for (const child of children.values()) if (child.exitCode === null) child.kill(signal);
}

for (const name of ['main', 'worker'] as const) {
  // The worker runs with its heap limit, as `npm run start:worker` starts it (README, WORKER_MAX_HEAP_MB).
  const execArgv =
    name === 'worker' ? [...process.execArgv, `--max-old-space-size=${config.worker.maxHeapMb}`] : undefined;
  const child = fork(fileURLToPath(new URL(`./${name}.js`, import.meta.url)), { stdio: 'inherit', execArgv });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping`);
      process.exitCode = code ?? 1;
      stopAll('SIGTERM');
    }
    if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
}
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => stopAll(s));
log(`API on http://127.0.0.1:${config.port}/ (docs at /docs), worker on queue prefix "${config.queuePrefix}"`);
