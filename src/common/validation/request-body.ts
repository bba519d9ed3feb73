import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../errors/app-errors.js';

// Request bodies are read here, never by a parser that buffers first and counts later: a declared length over the
// limit is refused before a byte is read, a chunked body is read only up to the limit, and a refused request's
// connection is closed rather than drained (so a client cannot make the server read what it will not use).

export const MB = 1024 * 1024;
/** JSON and form bodies (PRODUCT.md: 413 over 1 MB). */
export const BODY_LIMIT = MB;

const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

export const tooLarge = (limit: number): AppError =>
  new AppError(HttpStatus.PAYLOAD_TOO_LARGE, `请求体超过 ${mb(limit)} / request body larger than ${mb(limit)}`);

const unsupported = (message: string): AppError => new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, message);

/** The media type of a request, lower case without parameters, and its charset if one is named. */
export function contentTypeOf(req: IncomingMessage): { type: string; charset?: string } {
  const raw = req.headers['content-type'] ?? '';
  const [type, ...params] = raw.split(';');
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1])
    .find((c): c is string => !!c)
    ?.toLowerCase();
  return { type: type.trim().toLowerCase(), charset };
}

/** Whether a request carries a body at all (a declared length of 0 does not). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Refuses a body whose declared length is over the limit, before reading any of it. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
}

/**
 * The body's bytes as they arrive, at most `limit` of them (413 past it). Stopping early leaves the request unread
 * but open, so that the answer can still be sent (its connection is closed after it).
 */
export async function* bodyChunks(stream: Readable, limit: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += bytes.length;
    if (total > limit) throw tooLarge(limit);
    yield bytes;
  }
}

/** The decompressor Content-Encoding calls for (null for none); the limit applies to what comes out of it. */
function inflaterOf(req: IncomingMessage): Transform | null {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  switch (encoding) {
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw unsupported(`不支持的内容编码 ${encoding} / content encoding ${encoding} is not supported`);
  }
}

async function readAll(req: IncomingMessage, limit: number): Promise<Buffer> {
  checkDeclaredLength(req, limit);
  const inflate = inflaterOf(req);
  const parts: Buffer[] = [];
  try {
    for await (const chunk of bodyChunks(inflate ? req.pipe(inflate) : req, limit)) parts.push(chunk);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      HttpStatus.BAD_REQUEST,
      '请求体无法读取（压缩数据损坏？）/ the body could not be read (bad compressed data?)',
    );
  } finally {
    if (inflate) {
      req.unpipe(inflate);
      inflate.destroy();
    }
  }
  return Buffer.concat(parts);
}

const malformedJson = (detail: string): AppError =>
  new AppError(HttpStatus.BAD_REQUEST, '请求体不是有效的 JSON / Malformed JSON body', [
    { field: 'body', message: detail },
  ]);

/** As express.json() with `strict`: an object or an array, or an empty body read as `{}`. */
function parseJson(bytes: Buffer): unknown {
  const text = new TextDecoder('utf-8').decode(bytes);
  const first = /^[ \t\n\r]*(.)/s.exec(text)?.[1];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[')
    throw malformedJson(`Unexpected token ${first}: a JSON object or array is expected`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw malformedJson((err as Error).message);
  }
}

/** Form fields as express.urlencoded({ extended: false }) gives them: repeated names become arrays. */
function parseForm(bytes: Buffer, charset: string): Record<string, string | string[]> {
  const text = charset === 'iso-8859-1' ? bytes.toString('latin1') : new TextDecoder('utf-8').decode(bytes);
  const out: Record<string, string | string[]> = {};
  let count = 0;
  for (const [k, v] of new URLSearchParams(text)) {
    if (++count > 1000)
      throw new AppError(HttpStatus.PAYLOAD_TOO_LARGE, '参数过多 / too many parameters (at most 1000)');
    const prev = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    // defineProperty: a field named __proto__ is a field like any other, not the object's prototype.
    Object.defineProperty(out, k, {
      value: prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const isJson = (type: string) => type === 'application/json' || /^application\/[^/]+\+json$/.test(type);
const FORM = 'application/x-www-form-urlencoded';

/**
 * The one body parser of the API: JSON and forms up to `limit`; the routes `rawRoute` names get their body unread
 * (their handler reads it, after authentication); any other body is refused with 415 without being read.
 */
export function bodyParser(options: { limit: number; rawRoute: (req: Request) => boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req)) return next();
    // Whatever is refused below is refused before its body is read: close the connection instead of draining it.
    const refuse = (err: unknown) => {
      if (!req.complete) res.setHeader('Connection', 'close');
      next(err);
    };
    if (options.rawRoute(req)) {
      // A handler that stops reading early (a refused import) must not leave the connection to drain the rest.
      res.setHeader('Connection', 'close');
      return next();
    }
    const { type, charset } = contentTypeOf(req);
    const json = isJson(type);
    if (!json && type !== FORM) {
      return refuse(
        unsupported(
          type
            ? `不支持的内容类型 ${type}：请求体应为 JSON / unsupported content type ${type}: send JSON (application/json)`
            : '请求体缺少内容类型：应为 JSON / the body has no content type: send JSON (application/json)',
        ),
      );
    }
    const charsets = json ? ['utf-8', 'utf8'] : ['utf-8', 'utf8', 'iso-8859-1'];
    if (charset && !charsets.includes(charset)) {
      return refuse(unsupported(`不支持的字符集 ${charset} / unsupported charset ${charset}: use UTF-8`));
    }
    readAll(req, options.limit)
      .then((bytes) => {
        req.body = json ? parseJson(bytes) : parseForm(bytes, charset ?? 'utf-8');
        next();
      })
      .catch(refuse);
  };
}
