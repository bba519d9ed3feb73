import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { AppError, invalidInput } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { MAX_BATCH } from '../../common/listing/batch.js';
import { bodyChunks, checkDeclaredLength, contentTypeOf } from '../../common/validation/request-body.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { CapabilitiesService } from '../capabilities/capabilities.service.js';
import { NeedsService } from '../needs/needs.service.js';
import { CSV_CONTENT_TYPES, IMPORT_BODY_LIMIT } from './import-body.js';
import {
  CAPABILITY_COLUMNS,
  NEED_COLUMNS,
  SheetReader,
  cellOf,
  type CellError,
  type ColumnSpec,
  type ParsedSheet,
} from './spreadsheet.js';
import { isUuid } from '../../common/domain/uuid.js';

export interface ImportResult {
  dryRun: boolean;
  encoding: string;
  rows: number;
  /** Ids of what was created, in row order (empty on a dry run). */
  created: string[];
}

/** The 400 of a refused file: every problem with its spreadsheet row and column; nothing was written. */
function refused(errors: CellError[]): AppError {
  const rows = new Set(errors.map((e) => e.row)).size;
  const e = new AppError(
    HttpStatus.BAD_REQUEST,
    `${rows} 行有误，文件未导入 / ${rows} row(s) invalid; nothing was imported`,
    errors,
  );
  // `errors` at the top level too, as PRODUCT.md names it.
  (e.getResponse() as Record<string, unknown>).errors = errors;
  return e;
}

/**
 * Spreadsheet import: the file is read, every row checked as the batch API checks it, and either all rows are
 * created in one transaction or none (a file with a bad row is refused whole, naming each row and column).
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly needs: NeedsService,
    private readonly capabilities: CapabilitiesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  importNeeds(user: AuthUser, body: IncomingMessage, dryRun: boolean): Promise<ImportResult> {
    return this.run(user, body, dryRun, NEED_COLUMNS, (items) => this.needs.createBatch(user, items, dryRun));
  }

  importCapabilities(user: AuthUser, body: IncomingMessage, dryRun: boolean): Promise<ImportResult> {
    return this.run(user, body, dryRun, CAPABILITY_COLUMNS, (items) =>
      this.capabilities.createBatch(user, items, dryRun),
    );
  }

  /**
   * People write organisations by name (示例理工大学), not by id: a 组织 cell that is not an id is looked up by exact
   * name. Returns the cells naming no organisation.
   */
  private async organisationsByName(sheet: ParsedSheet): Promise<CellError[]> {
    const names = [
      ...new Set(
        sheet.items.map((it) => it.organizationId).filter((v): v is string => typeof v === 'string' && !isUuid(v)),
      ),
    ];
    if (!names.length) return [];
    const rows = await this.dataSource.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM organizations WHERE name = ANY($1::text[])`,
      [names],
    );
    const idOf = new Map(rows.map((r) => [r.name, r.id]));
    const errors: CellError[] = [];
    sheet.items.forEach((it, i) => {
      const v = it.organizationId;
      if (typeof v !== 'string' || isUuid(v)) return;
      const id = idOf.get(v);
      if (id) it.organizationId = id;
      else {
        errors.push({
          row: sheet.rows[i],
          column: sheet.headerOf.get('organizationId') ?? '组织',
          message: `没有名为“${v}”的组织 / no organisation is named ${v}`,
        });
      }
    });
    return errors;
  }

  private async run(
    user: AuthUser,
    body: IncomingMessage,
    dryRun: boolean,
    columns: ColumnSpec[],
    create: (items: unknown[]) => Promise<{ items: Array<{ id: string }> }>,
  ): Promise<ImportResult> {
    const sheet = await this.readUpload(body, columns);
    const unknown = isCoordinator(user) ? await this.organisationsByName(sheet) : [];
    if (unknown.length) throw refused(unknown);
    try {
      const { items } = await create(sheet.items);
      return { dryRun, encoding: sheet.encoding, rows: sheet.items.length, created: items.map((x) => x.id) };
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === 400) {
        const details = (err.getResponse() as { details?: FieldError[] }).details;
        if (Array.isArray(details)) throw refused(details.map((d) => cellOf(sheet, d)));
      }
      throw err;
    }
  }

  /**
   * Reads the file while it arrives, up to IMPORT_BODY_LIMIT, and stops at the first data row past MAX_BATCH: the rest
   * of the body is never read (the connection is closed after the answer).
   */
  private async readUpload(
    body: IncomingMessage,
    columns: ColumnSpec[],
  ): Promise<ParsedSheet & { encoding: 'utf-8' | 'gb18030' }> {
    const { type } = contentTypeOf(body);
    if (!CSV_CONTENT_TYPES.includes(type)) {
      throw new AppError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        `请求体应为 CSV 文件（text/csv），而不是 ${type || '无类型的内容'} / the body must be a CSV file (text/csv), not ${type || 'untyped'}`,
        [
          {
            field: 'content-type',
            message: `应为 ${CSV_CONTENT_TYPES.join('、')} 之一 / one of ${CSV_CONTENT_TYPES.join(', ')}`,
          },
        ],
      );
    }
    if ((body.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity') {
      throw new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, '请上传未压缩的 CSV 文件 / send the CSV file uncompressed');
    }
    checkDeclaredLength(body, IMPORT_BODY_LIMIT);
    const reader = new SheetReader(columns, MAX_BATCH);
    let bytes = 0;
    for await (const chunk of bodyChunks(body, IMPORT_BODY_LIMIT)) {
      bytes += chunk.length;
      if (!reader.write(chunk)) break;
    }
    if (reader.overLimitRow !== null) {
      const row = reader.overLimitRow;
      throw refused([
        {
          row,
          column: '',
          message: `一次最多导入 ${MAX_BATCH} 行数据，第 ${row} 行已是第 ${MAX_BATCH + 1} 行，请拆分文件 / at most ${MAX_BATCH} data rows per file: row ${row} is data row ${MAX_BATCH + 1}; split the file`,
        },
      ]);
    }
    if (!bytes) {
      throw invalidInput(
        [
          {
            field: 'body',
            message: '请以 text/csv 上传 CSV 文件内容 / send the CSV file as the body, content-type text/csv',
          },
        ],
        '请求体应为 CSV 文件 / the body must be a CSV file',
      );
    }
    const sheet = reader.end();
    if (sheet.errors.length) throw refused(sheet.errors);
    return { ...sheet, encoding: reader.encoding };
  }
}
