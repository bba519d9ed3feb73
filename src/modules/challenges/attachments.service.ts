import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { MB, bodyChunks, checkDeclaredLength, contentTypeOf } from '../../common/validation/request-body.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApplicationsService, assertOpen } from './applications.service.js';
import { ChallengeAccess } from './challenge-access.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import type { AttachmentQuery, AttachmentView } from './dto/application.dto.js';
import { UploadSlots } from './upload-slots.js';

/** A PDF attachment's largest size (the body is read up to it, never further). */
export const ATTACHMENT_LIMIT = 20 * MB;
/** Attachments one application may hold. */
export const MAX_ATTACHMENTS = 20;
const ATTACHMENT = '附件 / attachment';

const tooLarge = () =>
  new AppError(HttpStatus.PAYLOAD_TOO_LARGE, '附件不能超过 20 MB / an attachment must be at most 20 MB');

const notPdf = () =>
  invalidField('body', '文件不是 PDF（应以 %PDF- 开头）/ the file is not a PDF (it does not start with %PDF-)');

/** A name safe to store and to give back in Content-Disposition: no path, no control characters. */
function cleanFilename(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  return base.replace(/[\p{Cc}\p{Cf}"]/gu, '').trim();
}

/**
 * Applications' PDF attachments (≤ 20 MB): streamed to a file as they arrive and hashed on the way (never held whole
 * in memory), refused at once when too large or not a PDF (`%PDF-`), stored with their SHA-256 in PostgreSQL
 * (written a megabyte at a time) or, with ATTACHMENTS_DIR, as a file named by the attachment's id (the checksum is
 * verified on every download). One upload at a time per user (UploadSlots: 429 with Retry-After).
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('ChallengeAttachments');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly access: ChallengeAccess,
    private readonly applications: ApplicationsService,
    private readonly trail: ChallengeEventsService,
    private readonly uploads: UploadSlots,
  ) {}

  async upload(
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    q: AttachmentQuery,
    req: Request,
  ): Promise<AttachmentView> {
    const m = this.dataSource.manager;
    // Who and when first, before a byte of the body is read.
    const c = await this.access.load(m, user, challengeId);
    const a = await this.applications.readable(m, user, challengeId, applicationId);
    if (a.leadOrganizationId !== user.organizationId) {
      throw forbidden('只有牵头单位可以上传附件 / only the lead organisation’s members upload attachments');
    }
    if (a.status !== 'submitted') {
      throw conflict('申请已撤回，不能上传附件 / the application was withdrawn', { currentStatus: a.status });
    }
    assertOpen(c, '上传附件');
    const filename = cleanFilename(q.filename);
    if (!filename) throw invalidField('filename', 'filename 不能为空 / filename must not be empty');
    const expected = q.sha256?.trim().toLowerCase();
    if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
      throw invalidField('sha256', 'sha256 应为64位十六进制 / sha256 must be 64 hexadecimal digits');
    }
    const { type } = contentTypeOf(req);
    if (type !== 'application/pdf') {
      throw new AppError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        `附件应为 PDF（Content-Type: application/pdf），收到 ${type || '无'} / attachments are PDF: send Content-Type application/pdf`,
      );
    }
    // One upload at a time per user (in every API process): a second one meanwhile is a 429 with Retry-After.
    const id = randomUUID();
    const dir = this.config.attachmentsDir;
    // The body streams to a file (ATTACHMENTS_DIR, or the system's temporary directory) and is hashed as it
    // arrives: an upload holds a chunk in memory, never the whole file.
    if (dir) await mkdir(dir, { recursive: true });
    const release = await this.uploads.acquire(user.id);
    const partial = dir ? path.join(dir, `.${id}.part`) : path.join(tmpdir(), `challenge-attachment-${id}.part`);
    const file = dir ? path.join(dir, id) : null;
    let stored = false;
    try {
      const { sizeBytes, sha256 } = await this.receive(req, partial);
      if (expected !== undefined && expected !== sha256) {
        throw invalidField(
          'sha256',
          `校验和不符：收到的文件 SHA-256 为 ${sha256} / checksum mismatch: the file received has SHA-256 ${sha256}`,
        );
      }
      if (file) await rename(partial, file);
      await this.uow.run(async (tx) => {
        const locked = await this.access.load(tx.manager, user, challengeId, true);
        assertOpen(locked, '上传附件');
        const [{ n }] = await tx.manager.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM challenge_attachments WHERE application_id = $1`,
          [a.id],
        );
        if (n >= MAX_ATTACHMENTS) {
          throw conflict(
            `每份申请最多 ${MAX_ATTACHMENTS} 个附件 / at most ${MAX_ATTACHMENTS} attachments per application`,
          );
        }
        let first = true;
        if (file) {
          await this.insert(
            tx.manager,
            { id, applicationId: a.id, filename, sizeBytes, sha256, userId: user.id },
            null,
          );
        } else {
          // Into PostgreSQL a megabyte at a time (the row is only visible once the transaction commits).
          for await (const chunk of createReadStream(partial, { highWaterMark: MB })) {
            if (first) {
              await this.insert(
                tx.manager,
                { id, applicationId: a.id, filename, sizeBytes, sha256, userId: user.id },
                chunk as Buffer,
              );
              first = false;
            } else {
              await tx.manager.query(`UPDATE challenge_attachments SET content = content || $2 WHERE id = $1`, [
                id,
                chunk,
              ]);
            }
          }
        }
        await this.trail.record(tx, {
          challengeId: c.id,
          applicationId: a.id,
          actorId: user.id,
          kind: 'attachment',
          note: `上传附件 / attachment uploaded: ${filename}`,
          data: { attachmentId: id, filename, sizeBytes, sha256 },
        });
      });
      stored = true;
    } finally {
      release();
      await unlink(partial).catch(() => undefined);
      if (file && !stored) await unlink(file).catch(() => undefined);
    }
    const [view] = (await this.applications.attachmentsOf(m, [a.id])).get(a.id)!.filter((x) => x.id === id);
    return view;
  }

  /**
   * Streams the request body into `target` (at most 20 MB: 413; `%PDF-` first: 400 naming body, checked as soon
   * as five bytes have arrived), hashing it on the way. Answers its size and SHA-256.
   */
  private async receive(req: Request, target: string): Promise<{ sizeBytes: number; sha256: string }> {
    const hash = createHash('sha256');
    const out = await open(target, 'wx');
    let sizeBytes = 0;
    let head = Buffer.alloc(0);
    try {
      checkDeclaredLength(req, ATTACHMENT_LIMIT);
      for await (const chunk of bodyChunks(req, ATTACHMENT_LIMIT)) {
        if (head.length < 5) {
          head = Buffer.concat([head, chunk.subarray(0, 5 - head.length)]);
          if (head.length === 5 && head.toString('latin1') !== '%PDF-') throw notPdf();
        }
        hash.update(chunk);
        sizeBytes += chunk.length;
        await out.write(chunk);
      }
    } catch (err) {
      if (err instanceof AppError && err.getStatus() === 413) throw tooLarge();
      throw err;
    } finally {
      await out.close();
    }
    if (!sizeBytes) throw invalidField('body', '附件为空 / the file is empty');
    if (head.length < 5) throw notPdf();
    return { sizeBytes, sha256: hash.digest('hex') };
  }

  private async insert(
    m: Pick<EntityManager, 'query'>,
    x: { id: string; applicationId: string; filename: string; sizeBytes: number; sha256: string; userId: string },
    firstChunk: Buffer | null,
  ): Promise<void> {
    await m.query(
      `INSERT INTO challenge_attachments (id, application_id, filename, size_bytes, sha256, storage, content, path,
                                          uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        x.id,
        x.applicationId,
        x.filename,
        x.sizeBytes,
        x.sha256,
        firstChunk ? 'database' : 'directory',
        firstChunk,
        firstChunk ? null : x.id,
        x.userId,
      ],
    );
  }

  /** The file and its metadata, for the application's readers; its checksum verified. */
  async download(
    user: AuthUser,
    challengeId: string,
    applicationId: string,
    attachmentId: string,
  ): Promise<{ view: AttachmentView; bytes: Buffer }> {
    const m = this.dataSource.manager;
    await this.applications.readable(m, user, challengeId, applicationId);
    const [row] = await m.query<
      Array<AttachmentView & { storage: 'database' | 'directory'; content: Buffer | null; path: string | null }>
    >(
      `SELECT id, filename, content_type AS "contentType", size_bytes AS "sizeBytes", sha256, created_at AS "createdAt",
              storage, content, path
         FROM challenge_attachments WHERE id = $1 AND application_id = $2`,
      [attachmentId, applicationId],
    );
    if (!row) throw notFound(ATTACHMENT);
    let bytes: Buffer | null = row.content;
    if (row.storage === 'directory') {
      const dir = this.config.attachmentsDir;
      bytes = dir && row.path ? await readFile(path.join(dir, path.basename(row.path))).catch(() => null) : null;
    }
    const actual = bytes ? createHash('sha256').update(bytes).digest('hex') : null;
    if (!bytes || actual !== row.sha256) {
      this.logger.error({ attachmentId, expected: row.sha256, actual }, 'attachment missing or fails its checksum');
      throw conflict(
        '附件文件缺失或已损坏（校验和不符），请联系管理员 / the stored file is missing or damaged (checksum mismatch); tell an administrator',
        { sha256: row.sha256 },
      );
    }
    const { storage: _s, content: _c, path: _p, ...view } = row;
    return { view, bytes };
  }
}
