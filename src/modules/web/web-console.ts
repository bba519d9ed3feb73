import express, { type RequestHandler } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NonceLocals } from './security-headers.js';

const NOT_CONSOLE = /^\/(api|docs|docs-json|health|metrics|admin\/queues)(\/|$)/;

/**
 * Serves the built console (web/dist) at /: hashed assets with a long cache, every other GET path the app's
 * index.html with this response's CSP nonce filled in (the browser router takes it from there). Missing assets are
 * a plain 404, never index.html.
 */
export function webConsole(
  distDir: string,
): RequestHandler<Record<string, string>, unknown, unknown, unknown, NonceLocals> {
  const indexFile = path.join(distDir, 'index.html');
  const built = existsSync(indexFile);
  const template = built ? readFileSync(indexFile, 'utf8') : '';
  const assets = express.static(distDir, { index: false, immutable: true, maxAge: '365d', fallthrough: true });
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    if (!built) {
      res.status(404).json({
        statusCode: 404,
        error: 'Not Found',
        message: '控制台尚未构建，请运行 npm run build / the console is not built: run npm run build',
      });
      return;
    }
    if (req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(req.path)) {
      assets(req, res, () => res.status(404).type('text/plain').send('Not found'));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(template.replaceAll('__CSP_NONCE__', res.locals.cspNonce));
  };
}

/** web/dist of the project, found from this file's place in src/ or dist/src/. */
export function defaultConsoleDir(fromUrl: string): string {
  let dir = path.dirname(new URL(fromUrl).pathname);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'web', 'dist');
}
