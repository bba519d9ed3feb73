import type { Request } from 'express';
import { MB } from '../../common/validation/request-body.js';

/** A spreadsheet of a few thousand rows (the row cap stops a file long before it, see ImportsService). */
export const IMPORT_BODY_LIMIT = 10 * MB;

/** What Excel, WPS and browsers send a .csv file as. */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

const UPLOAD = /^\/api\/v1\/imports\/(needs|capabilities)\/?(\?|$)/i;

/**
 * The two routes whose body the body parser leaves unread: the import reads it itself, after the guard has
 * authenticated the caller, with its own limit.
 */
export function isImportUpload(req: Request): boolean {
  return req.method === 'POST' && UPLOAD.test(req.originalUrl);
}
