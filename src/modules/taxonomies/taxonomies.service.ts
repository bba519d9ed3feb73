import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { conflict, invalidInput, notFound } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { SCHEME_PATTERN, type PutTaxonomyDto, type TaxonomyList, type TaxonomyView } from './dto/taxonomy.dto.js';
import { SectorsService } from './sectors.service.js';
import { TaxonomiesRepository, type CodeRow } from './taxonomies.repository.js';

/** Checks a scheme's codes form a forest: unique codes, known parents, no cycles. */
export function checkSchemeStructure(codes: Array<{ code: string; parent?: string | null }>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  codes.forEach((c, i) => {
    if (seen.has(c.code)) {
      errors.push({
        field: `codes[${i}].code`,
        message: `代码重复：${c.code} / duplicate code ${c.code} (first at codes[${seen.get(c.code)}])`,
      });
    } else seen.set(c.code, i);
  });
  const parentOf = new Map(codes.map((c) => [c.code, c.parent ?? null]));
  codes.forEach((c, i) => {
    if (c.parent === undefined || c.parent === null) return;
    if (!parentOf.has(c.parent)) {
      errors.push({
        field: `codes[${i}].parent`,
        message: `上级代码不存在：${c.parent} / parent ${c.parent} is not a code of this scheme`,
      });
      return;
    }
    const path = new Set([c.code]);
    let p: string | null | undefined = c.parent;
    while (p) {
      if (path.has(p)) {
        errors.push({
          field: `codes[${i}].parent`,
          message: `代码层级出现循环：${c.code} / ${c.code} is its own ancestor`,
        });
        return;
      }
      path.add(p);
      p = parentOf.get(p);
    }
  });
  return errors;
}

@Injectable()
export class TaxonomiesService {
  constructor(
    private readonly repo: TaxonomiesRepository,
    private readonly sectors: SectorsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(): Promise<TaxonomyList> {
    return { items: await this.repo.listSchemes() };
  }

  async get(scheme: string): Promise<TaxonomyView> {
    const s = await this.repo.findScheme(scheme);
    if (!s) throw notFound(`分类体系 ${scheme} / taxonomy`);
    return { scheme: s.scheme, name: s.name, source: s.source, codes: await this.repo.codes(scheme) };
  }

  /** Imports or replaces a scheme. Refuses (409) to drop codes that needs or capabilities still use. */
  async replace(scheme: string, dto: PutTaxonomyDto): Promise<TaxonomyView> {
    if (!SCHEME_PATTERN.test(scheme)) {
      throw invalidInput([
        {
          field: 'scheme',
          message:
            '体系代码应为小写字母开头的1-32位小写字母、数字、_ 或 - / scheme must be 1-32 lower-case letters, digits, _ or -, starting with a letter',
        },
      ]);
    }
    const codes: CodeRow[] = dto.codes.map((c) => ({
      code: c.code.trim(),
      parent: c.parent?.trim() || null,
      nameZh: c.nameZh.trim(),
      nameEn: c.nameEn?.trim() || null,
    }));
    const structure = checkSchemeStructure(codes);
    if (structure.length) throw invalidInput(structure);
    await this.dataSource.transaction(async (m) => {
      // One import at a time per scheme, and no sector check may slip between the usage check and the write.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('taxonomy:' || $1))`, [scheme]);
      const kept = new Set(codes.map((c) => `${scheme}:${c.code}`));
      const dropped = (await this.repo.refsInUse(m, scheme)).filter((r) => !kept.has(r));
      if (dropped.length) {
        throw conflict(
          `新体系删除了仍在使用的代码，请先修改相关需求或成果 / the new scheme drops codes still used by needs or capabilities: ${dropped.slice(0, 20).join(', ')}`,
          { codesInUse: dropped },
        );
      }
      await this.repo.replace(m, { scheme, name: dto.name.trim(), source: dto.source?.trim() || null }, codes);
    });
    this.sectors.forget(scheme);
    return this.get(scheme);
  }
}
