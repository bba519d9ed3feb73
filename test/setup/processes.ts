import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A compiled entry point (dist/, built by `pretest`) run as a real process. */
export interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (re: RegExp, ms?: number) => Promise<void>;
}

/** `entry` of dist/src under `root` (this checkout by default, or a snapshot of it) as a real process. */
export function runNode(entry: string, env: Record<string, string>, root = ROOT): Proc {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', entry)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor: async (re, ms = 30000) => {
      const end = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`did not see ${re} in:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * Sends a request's headers and the first bytes of a body, more of which never comes, and resolves with the
 * answer: one that arrives proves the server did not wait for (nor read) the rest.
 */
export function unfinishedRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  first: Buffer,
): Promise<{ status: number; body: Record<string, unknown>; connection?: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer before the body was complete')), 5000);
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          status: res.statusCode!,
          body: JSON.parse(text) as Record<string, unknown>,
          connection: res.headers.connection,
        });
      });
    });
    req.on('error', () => undefined); // the server may close the connection while the body is still coming
    req.write(first);
  });
}
