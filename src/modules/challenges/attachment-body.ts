import type { Request } from 'express';

const UPLOAD = /^\/api\/v1\/challenges\/[^/]+\/applications\/[^/]+\/attachments\/?(\?|$)/i;
const REPORT = /^\/api\/v1\/testing-orders\/[^/]+\/report\/?(\?|$)/i;

/**
 * The PDF upload routes, whose body the JSON parser leaves unread: the handler reads it (a PDF up to 20 MB),
 * after the guard has authenticated the caller. A challenge application's attachment (POST) and a testing order's
 * report (PUT, src/modules/instruments).
 */
export function isAttachmentUpload(req: Request): boolean {
  return (
    (req.method === 'POST' && UPLOAD.test(req.originalUrl)) || (req.method === 'PUT' && REPORT.test(req.originalUrl))
  );
}
