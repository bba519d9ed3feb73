import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, invalidInput } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { MAX_BATCH } from '../../common/listing/batch.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { CapabilitiesService } from '../capabilities/capabilities.service.js';
import { NeedsService } from '../needs/needs.service.js';
import {
  CAPABILITY_COLUMNS,
  NEED_COLUMNS,
  cellOf,
  decodeCsv,
  readSheet,
  type CellError,
  type ParsedSheet,
} from './spreadsheet.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  importNeeds(user: AuthUser, body: unknown, dryRun: boolean): Promise<ImportResult> {
    return this.run(
      user,
      body,
      dryRun,
      (sheet) => readSheet(sheet, NEED_COLUMNS),
      (items) => this.needs.createBatch(user, items, dryRun),
    );
  }

  importCapabilities(user: AuthUser, body: unknown, dryRun: boolean): Promise<ImportResult> {
    return this.run(
      user,
      body,
      dryRun,
      (sheet) => readSheet(sheet, CAPABILITY_COLUMNS),
      (items) => this.capabilities.createBatch(user, items, dryRun),
    );
  }

  /**
   * People write organisations by name (示例理工大学), not by id: a 组织 cell that is not an id is looked up by exact
   * name. Returns the cells naming no organisation.
   */
  private async organisationsByName(sheet: ParsedSheet): Promise<CellError[]> {
    const names = [
      ...new Set(
        sheet.items.map((it) => it.organizationId).filter((v): v is string => typeof v === 'string' && !UUID.test(v)),
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
      if (typeof v !== 'string' || UUID.test(v)) return;
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
    body: unknown,
    dryRun: boolean,
    read: (text: string) => ParsedSheet,
    create: (items: unknown[]) => Promise<{ items: Array<{ id: string }> }>,
  ): Promise<ImportResult> {
    if (!Buffer.isBuffer(body) || !body.length) {
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
    const { text, encoding } = decodeCsv(body);
    const sheet = read(text);
    if (sheet.errors.length) throw refused(sheet.errors);
    if (sheet.items.length > MAX_BATCH) {
      throw refused([
        {
          row: sheet.rows[MAX_BATCH],
          column: '',
          message: `一次最多导入 ${MAX_BATCH} 行，请拆分文件 / at most ${MAX_BATCH} rows per file; split it`,
        },
      ]);
    }
    const unknown = isCoordinator(user) ? await this.organisationsByName(sheet) : [];
    if (unknown.length) throw refused(unknown);
    try {
      const { items } = await create(sheet.items);
      return { dryRun, encoding, rows: sheet.items.length, created: items.map((x) => x.id) };
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === 400) {
        const details = (err.getResponse() as { details?: FieldError[] }).details;
        if (Array.isArray(details)) throw refused(details.map((d) => cellOf(sheet, d)));
      }
      throw err;
    }
  }
}
