import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeQueueKeys } from '../scripts/lib/queue-keys.js';
import { adminQuery, databaseUrl, REDIS_URL } from './setup/pg-admin.js';
import { freePort, ROOT, runNode } from './setup/processes.js';

/**
 * The Docker image's runtime stage, read from the Dockerfile: its working directory, environment, the files it copies
 * from the build stage (paths under the build stage's working directory) and its command.
 */
function runtimeStage(dockerfile: string) {
  const lines = dockerfile.split('\n').map((l) => l.trim());
  const from = lines.findIndex((l) => /^FROM\s+\S+\s+AS\s+runtime$/i.test(l));
  if (from < 0) throw new Error('the Dockerfile has no stage named runtime');
  const stage = lines.slice(from + 1);
  const end = stage.findIndex((l) => /^FROM\s/i.test(l));
  const body = end < 0 ? stage : stage.slice(0, end);
  const buildDir = /^WORKDIR\s+(\S+)/i.exec(
    lines
      .slice(0, from)
      .filter((l) => /^WORKDIR\s/i.test(l))
      .pop() ?? '',
  )?.[1];
  const workdir = /^WORKDIR\s+(\S+)/i.exec(body.find((l) => /^WORKDIR\s/i.test(l)) ?? '')?.[1];
  if (!buildDir || !workdir) throw new Error('the build and runtime stages each need a WORKDIR');
  const env: Record<string, string> = {};
  for (const l of body.filter((x) => /^ENV\s/i.test(x))) {
    for (const [, k, v] of l.replace(/^ENV\s+/i, '').matchAll(/(\w+)=(\S+)/g)) env[k] = v;
  }
  const copies = body
    .filter((l) => /^COPY\s/i.test(l))
    .map((l) => {
      const args = l.split(/\s+/).slice(1);
      if (!args.includes('--from=build')) throw new Error(`a runtime COPY not from the build stage: ${l}`);
      const [src, dest] = args.filter((a) => !a.startsWith('--'));
      // A destination ending in / is a folder the source goes into (Docker's rule); otherwise the new name.
      const into = dest.endsWith('/') || dest === '.';
      const target = path.posix.join(workdir, dest, into ? path.posix.basename(src) : '');
      return { src: path.posix.relative(buildDir, src), dest: target.replace(/\/$/, '') };
    });
  const cmd = JSON.parse(/^CMD\s+(\[.*\])$/i.exec(body.find((l) => /^CMD\s/i.test(l)) ?? '')?.[1] ?? 'null') as
    string[] | null;
  if (!cmd || cmd[0] !== 'node') throw new Error('the runtime stage needs CMD ["node", …]');
  return { workdir, env, copies, entry: cmd[cmd.length - 1] };
}

// No Docker engine here: the image's runtime stage is put together by hand, as its COPY lines say, in an empty folder,
// and started the way its CMD starts it. The checkout (built by `pretest`) stands for the build stage's /app.
describe('the Docker image', () => {
  it('runs from the files its runtime stage copies: the API answers / with the console and /docs with the API reference', async () => {
    const stage = runtimeStage(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
    const folder = mkdtempSync(path.join(os.tmpdir(), 'techmatch-image-'));
    const db = `techmatch_test_image_${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    const env = {
      ...stage.env,
      DATABASE_URL: databaseUrl(db),
      REDIS_URL,
      QUEUE_PREFIX: `test-${db}`,
      PORT: String(port),
      LOG_LEVEL: 'info',
    };
    let api: ReturnType<typeof runNode> | null = null;
    try {
      for (const { src, dest } of stage.copies) {
        const to = path.join(folder, path.posix.relative(stage.workdir, dest));
        mkdirSync(path.dirname(to), { recursive: true });
        // The build stage's node_modules is the production part of the checkout's: linked, not copied (hundreds of MB).
        if (src === 'node_modules') symlinkSync(path.join(ROOT, src), to, 'dir');
        else cpSync(path.join(ROOT, src), to, { recursive: true });
      }
      expect(stage.env.NODE_ENV).toBe('production');
      const entry = path.relative(path.join('dist', 'src'), stage.entry);
      const migrate = runNode('database/migrate.js', env, folder);
      expect(await migrate.exited).toBe(0);
      api = runNode(entry, env, folder);
      await api.waitFor(/Nest application successfully started/);

      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toMatch(/text\/html/);
      const html = await home.text();
      expect(html).toContain('<div id="root">');
      // The console's own script, served by the same process under the strict CSP.
      const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200);

      const docs = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger-ui');
      const spec = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(((await spec.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    } finally {
      if (api && api.child.exitCode === null) {
        api.child.kill('SIGTERM');
        await api.exited;
      }
      rmSync(folder, { recursive: true, force: true });
      await adminQuery(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await removeQueueKeys(REDIS_URL, `test-${db}`);
    }
  });
});
