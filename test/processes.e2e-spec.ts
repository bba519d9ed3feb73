import { JwtService } from '@nestjs/jwt';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeQueueKeys } from '../scripts/lib/queue-keys.js';
import { adminQuery, databaseUrl, PG_SERVER, REDIS_URL } from './setup/pg-admin.js';
import { canConnect, freePort, ROOT, runNode } from './setup/processes.js';

// These run the compiled entry points (npm test builds first), as users and operators start them.
describe('processes', () => {
  const baseEnv = { NODE_ENV: 'test', REDIS_URL, LOG_LEVEL: 'info' };

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
  ])('stops at start-up with a message naming the bad variable: %o', async (env, name) => {
    for (const entry of ['main.js', 'worker.js']) {
      const p = runNode(entry, { ...baseEnv, ...env });
      expect(await p.exited).toBe(78);
      expect(p.output()).toMatch(new RegExp(`${name}: `));
    }
  });

  it('npm start with no configuration: creates and migrates the database, runs the API and a worker, makes its own signing key and a first admin with a random password', async () => {
    const db = `techmatch_test_start_${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    // Nothing but where the services are (a database of the test's own): no NODE_ENV, no JWT_SECRET, no admin.
    const env = {
      REDIS_URL,
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl(db),
      PORT: String(port),
      QUEUE_PREFIX: `test-${db}`,
    };
    const p = runNode('start.js', env);
    const heartbeatDir = mkdtempSync(path.join(os.tmpdir(), 'techmatch-'));
    try {
      await p.waitFor(/worker started/);
      await p.waitFor(/Nest application successfully started/);
      expect(p.output()).toContain('applied migrations: Foundation');
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      await p.waitFor(/initialPassword/);
      const generated = p
        .output()
        .split('\n')
        .filter((l) => l.includes('initialPassword'))
        .map((l) => JSON.parse(l) as { email: string; initialPassword: string })[0];
      expect(generated.email).toBe('admin@techmatch.local');
      expect(generated.initialPassword.length).toBeGreaterThanOrEqual(16);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-login-0001' },
        body: JSON.stringify({ email: generated.email, password: generated.initialPassword }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('x-request-id')).toBe('trace-login-0001');
      // The install signs with its own random key: a token forged with the key once written in the code is refused.
      const { accessToken } = (await login.json()) as { accessToken: string };
      const { sub, jti } = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
        sub: string;
        jti: string;
      };
      const forged = await new JwtService({ secret: 'techmatch-development-secret-not-for-production' }).signAsync({
        sub,
        ver: 0,
        jti,
      });
      const me = (token: string) =>
        fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect((await me(forged)).status).toBe(401);
      expect((await me(accessToken)).status).toBe(200);
      // The operator rotates the install's key: existing sessions go on.
      const rotate = runNode('cli/rotate-signing-key.js', env);
      expect(await rotate.exited).toBe(0);
      expect(rotate.output()).toMatch(/new signing key [0-9a-f-]{36}/);
      expect((await me(accessToken)).status).toBe(200);
      // Structured JSON logs: the request's line carries its id.
      const bad = await fetch(`http://127.0.0.1:${port}/api/v1/needs`, {
        headers: { 'x-request-id': 'trace-denied-0002' },
      });
      expect(await bad.json()).toMatchObject({ statusCode: 401, requestId: 'trace-denied-0002' });
      await p.waitFor(/"reqId":"trace-denied-0002"/);
      const line = p
        .output()
        .split('\n')
        .find((l) => l.includes('"reqId":"trace-denied-0002"'))!;
      expect(JSON.parse(line)).toMatchObject({ process: 'api', reqId: 'trace-denied-0002', res: { statusCode: 401 } });
      // A lone worker on another port listens on nothing.
      const workerPort = await freePort();
      const heartbeat = path.join(heartbeatDir, 'worker-heartbeat');
      const w = runNode('worker.js', { ...env, PORT: String(workerPort), WORKER_HEARTBEAT_FILE: heartbeat });
      await w.waitFor(/worker started/);
      expect(await canConnect(workerPort)).toBe(false);
      // Its health shows in a heartbeat file instead, touched while PostgreSQL and Redis answer.
      for (let i = 0; i < 50 && !existsSync(heartbeat); i++) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(heartbeat)).toBe(true);
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      await adminQuery(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await removeQueueKeys(REDIS_URL, `test-${db}`);
      rmSync(heartbeatDir, { recursive: true, force: true });
    }
    expect(PG_SERVER).toBeTruthy();
  }, 90000);

  it("logs readable lines to a developer's terminal (NODE_ENV=development), JSON everywhere else", async () => {
    const db = `techmatch_test_tty_${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    const env = {
      ...baseEnv,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl(db),
      PORT: String(port),
      QUEUE_PREFIX: `test-${db}`,
    };
    expect(await runNode('database/migrate.js', env).exited).toBe(0);
    // util-linux's `script` gives the API a pseudo-terminal for its stdout, as a developer's shell would.
    const entry = path.join(ROOT, 'dist', 'src', 'main.js');
    const child = spawn('script', ['-qfec', `"${process.execPath}" "${entry}"`, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const end = Date.now() + 30000;
      while (!/Nest application successfully started/.test(out) && Date.now() < end && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      // eslint-disable-next-line no-control-regex
      const lines = out.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/);
      const started = lines.find((l) => l.includes('Nest application successfully started'));
      expect(started).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO/);
      expect(lines.filter((l) => l.trimStart().startsWith('{"level"'))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await adminQuery(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await removeQueueKeys(REDIS_URL, `test-${db}`);
    }
  }, 60000);
});
