import type { Request } from 'express';

const UPLOAD = /^\/api\/v1\/challenges\/[^/]+\/applications\/[^/]+\/attachments\/?(\?|$)/i;

/**
 * The attachment upload route, whose body the JSON parser leaves unread: the handler reads it (a PDF up to 20 MB),
 * after the guard has authenticated the caller.
 */
export function isAttachmentUpload(req: Request): boolean {
  return req.method === 'POST' && UPLOAD.test(req.originalUrl);
}
