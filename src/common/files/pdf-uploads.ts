import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AppError, invalidField } from '../errors/app-errors.js';
import { MB, bodyChunks, checkDeclaredLength, contentTypeOf } from '../validation/request-body.js';
import { UploadSlots } from './upload-slots.js';

/** A PDF's largest size (the body is read up to it, never further). */
export const PDF_LIMIT = 20 * MB;

export type FileStorage = 'database' | 'directory';

/** What the file is called in messages: `{zh: '附件', en: 'attachment', enPlural: 'attachments'}`. */
export interface FileLabel {
  zh: string;
  en: string;
  enPlural: string;
}

/** A PDF received and checked, not yet recorded: the caller stores its row in `store` (see PdfUploads.receive). */
export interface ReceivedPdf {
  /** A fresh id: the caller's row's id, and the file's name under ATTACHMENTS_DIR. */
  id: string;
  sizeBytes: number;
  sha256: string;
  /** `directory`: the file is in place under ATTACHMENTS_DIR as `path`; `database`: write `chunks()` into the row. */
  storage: FileStorage;
  path: string | null;
  /** The bytes a megabyte at a time (for `database` storage). */
  chunks: () => AsyncIterable<Buffer>;
}

/** A stored file as its row has it. */
export interface StoredPdf {
  storage: FileStorage;
  content: Buffer | null;
  path: string | null;
  sha256: string;
}

/** A name safe to store and to give back in Content-Disposition: no path, no control characters. */
export function cleanFilename(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  return base.replace(/[\p{Cc}\p{Cf}"]/gu, '').trim();
}

/** The `sha256` the client announced (64 hex digits, lower-cased), or 400 naming sha256. */
export function expectedSha256(value: string | undefined): string | undefined {
  const expected = value?.trim().toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw invalidField('sha256', 'sha256 应为64位十六进制 / sha256 must be 64 hexadecimal digits');
  }
  return expected;
}

/**
 * PDF uploads (≤ 20 MB), shared by challenge attachments and testing reports: the body is streamed to a file as it
 * arrives and hashed on the way (never held whole in memory), refused at once when too large (413) or not a PDF
 * (`%PDF-`, 400 naming body), kept in PostgreSQL (the caller writes `chunks()` into its row) or, with ATTACHMENTS_DIR,
 * as a file named by its id; the checksum is verified on every read. One upload at a time per user (UploadSlots: 429
 * with Retry-After).
 */
@Injectable()
export class PdfUploads {
  private readonly logger = new Logger('PdfUploads');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadSlots,
  ) {}

  /**
   * Receives the request's body as a PDF, then runs `store` (which records it, usually in a transaction). The file
   * is removed again when anything fails. `expected`: the client's SHA-256 (400 naming sha256 when it differs).
   */
  async receive<T>(
    userId: string,
    req: Request,
    opts: { label: FileLabel; tempPrefix: string; expected?: string },
    store: (file: ReceivedPdf) => Promise<T>,
  ): Promise<T> {
    const { label } = opts;
    const { type } = contentTypeOf(req);
    if (type !== 'application/pdf') {
      throw new AppError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        `${label.zh}应为 PDF（Content-Type: application/pdf），收到 ${type || '无'} / ${label.enPlural} are PDF: send Content-Type application/pdf`,
      );
    }
    const id = randomUUID();
    const dir = this.config.attachmentsDir;
    // The body streams to a file (ATTACHMENTS_DIR, or the system's temporary directory) and is hashed as it
    // arrives: an upload holds a chunk in memory, never the whole file.
    if (dir) await mkdir(dir, { recursive: true });
    const release = await this.uploads.acquire(userId);
    const partial = dir ? path.join(dir, `.${id}.part`) : path.join(tmpdir(), `${opts.tempPrefix}-${id}.part`);
    const file = dir ? path.join(dir, id) : null;
    let stored = false;
    try {
      const { sizeBytes, sha256 } = await this.write(req, partial, label);
      if (opts.expected !== undefined && opts.expected !== sha256) {
        throw invalidField(
          'sha256',
          `校验和不符：收到的文件 SHA-256 为 ${sha256} / checksum mismatch: the file received has SHA-256 ${sha256}`,
        );
      }
      if (file) await rename(partial, file);
      const result = await store({
        id,
        sizeBytes,
        sha256,
        storage: file ? 'directory' : 'database',
        path: file ? id : null,
        chunks: () => chunksOf(partial),
      });
      stored = true;
      return result;
    } finally {
      release();
      await unlink(partial).catch(() => undefined);
      if (file && !stored) await unlink(file).catch(() => undefined);
    }
  }

  /** The stored bytes, their checksum verified; null when missing or damaged (logged). */
  async read(row: StoredPdf, context: Record<string, unknown> = {}): Promise<Buffer | null> {
    let bytes: Buffer | null = row.content;
    if (row.storage === 'directory') {
      const dir = this.config.attachmentsDir;
      bytes = dir && row.path ? await readFile(path.join(dir, path.basename(row.path))).catch(() => null) : null;
    }
    const actual = bytes ? createHash('sha256').update(bytes).digest('hex') : null;
    if (!bytes || actual !== row.sha256) {
      this.logger.error({ ...context, expected: row.sha256, actual }, 'stored file missing or fails its checksum');
      return null;
    }
    return bytes;
  }

  /**
   * Streams the request body into `target` (at most 20 MB: 413; `%PDF-` first: 400 naming body, checked as soon
   * as five bytes have arrived), hashing it on the way. Answers its size and SHA-256.
   */
  private async write(req: Request, target: string, label: FileLabel): Promise<{ sizeBytes: number; sha256: string }> {
    const hash = createHash('sha256');
    const out = await open(target, 'wx');
    let sizeBytes = 0;
    let head = Buffer.alloc(0);
    try {
      checkDeclaredLength(req, PDF_LIMIT);
      for await (const chunk of bodyChunks(req, PDF_LIMIT)) {
        if (head.length < 5) {
          head = Buffer.concat([head, chunk.subarray(0, 5 - head.length)]);
          if (head.length === 5 && head.toString('latin1') !== '%PDF-') throw notPdf();
        }
        hash.update(chunk);
        sizeBytes += chunk.length;
        await out.write(chunk);
      }
    } catch (err) {
      if (err instanceof AppError && err.getStatus() === 413) {
        throw new AppError(
          HttpStatus.PAYLOAD_TOO_LARGE,
          `${label.zh}不能超过 20 MB / an ${label.en} must be at most 20 MB`,
        );
      }
      throw err;
    } finally {
      await out.close();
    }
    if (!sizeBytes) throw invalidField('body', `${label.zh}为空 / the file is empty`);
    if (head.length < 5) throw notPdf();
    return { sizeBytes, sha256: hash.digest('hex') };
  }
}

const notPdf = () =>
  invalidField('body', '文件不是 PDF（应以 %PDF- 开头）/ the file is not a PDF (it does not start with %PDF-)');

async function* chunksOf(file: string): AsyncIterable<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: MB })) yield chunk as Buffer;
}
