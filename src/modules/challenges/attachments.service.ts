import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, forbidden, invalidField, notFound } from '../../common/errors/app-errors.js';
import { PDF_LIMIT, PdfUploads, cleanFilename, expectedSha256 } from '../../common/files/pdf-uploads.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApplicationsService, assertOpen } from './applications.service.js';
import { ChallengeAccess } from './challenge-access.js';
import { ChallengeEventsService } from './challenge-events.service.js';
import type { AttachmentQuery, AttachmentView } from './dto/application.dto.js';

/** A PDF attachment's largest size (the body is read up to it, never further). */
export const ATTACHMENT_LIMIT = PDF_LIMIT;
/** Attachments one application may hold. */
export const MAX_ATTACHMENTS = 20;
const ATTACHMENT = '附件 / attachment';
const LABEL = { zh: '附件', en: 'attachment', enPlural: 'attachments' };

/**
 * Applications' PDF attachments (≤ 20 MB): streamed to a file as they arrive and hashed on the way (never held whole
 * in memory), refused at once when too large or not a PDF (`%PDF-`), stored with their SHA-256 in PostgreSQL
 * (written a megabyte at a time) or, with ATTACHMENTS_DIR, as a file named by the attachment's id (the checksum is
 * verified on every download). One upload at a time per user (UploadSlots: 429 with Retry-After).
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ChallengeAccess,
    private readonly applications: ApplicationsService,
    private readonly trail: ChallengeEventsService,
    /** The generic part (src/common/files): streaming, the PDF check, the checksum, storage, the upload slots. */
    private readonly pdfs: PdfUploads,
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
    const expected = expectedSha256(q.sha256);
    const id = await this.pdfs.receive(
      user.id,
      req,
      { label: LABEL, tempPrefix: 'challenge-attachment', expected },
      (file) =>
        this.uow.run(async (tx) => {
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
          const row = {
            id: file.id,
            applicationId: a.id,
            filename,
            sizeBytes: file.sizeBytes,
            sha256: file.sha256,
            userId: user.id,
          };
          if (file.storage === 'directory') {
            await this.insert(tx.manager, row, null);
          } else {
            // Into PostgreSQL a megabyte at a time (the row is only visible once the transaction commits).
            let first = true;
            for await (const chunk of file.chunks()) {
              if (first) {
                await this.insert(tx.manager, row, chunk);
                first = false;
              } else {
                await tx.manager.query(`UPDATE challenge_attachments SET content = content || $2 WHERE id = $1`, [
                  file.id,
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
            data: { attachmentId: file.id, filename, sizeBytes: file.sizeBytes, sha256: file.sha256 },
          });
          return file.id;
        }),
    );
    const [view] = (await this.applications.attachmentsOf(m, [a.id])).get(a.id)!.filter((x) => x.id === id);
    return view;
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
    const bytes = await this.pdfs.read(row, { attachmentId });
    if (!bytes) {
      throw conflict(
        '附件文件缺失或已损坏（校验和不符），请联系管理员 / the stored file is missing or damaged (checksum mismatch); tell an administrator',
        { sha256: row.sha256 },
      );
    }
    const { storage: _s, content: _c, path: _p, ...view } = row;
    return { view, bytes };
  }
}
