import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TaxonomyCodeEntity, TaxonomySchemeEntity } from './taxonomy.entity.js';

export interface SchemeRow {
  scheme: string;
  name: string;
  source: string | null;
  codeCount: number;
  updatedAt: Date;
}

export interface CodeRow {
  code: string;
  parent: string | null;
  nameZh: string;
  nameEn: string | null;
}

@Injectable()
export class TaxonomiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listSchemes(): Promise<SchemeRow[]> {
    const rows: Array<{ scheme: string; name: string; source: string | null; code_count: number; updated_at: Date }> =
      await this.dataSource.query(
        `SELECT s.scheme, s.name, s.source, s.updated_at, count(c.code)::int AS code_count
           FROM taxonomy_schemes s LEFT JOIN taxonomy_codes c ON c.scheme = s.scheme
          GROUP BY s.scheme ORDER BY s.scheme`,
      );
    return rows.map((r) => ({
      scheme: r.scheme,
      name: r.name,
      source: r.source,
      codeCount: r.code_count,
      updatedAt: r.updated_at,
    }));
  }

  findScheme(scheme: string): Promise<TaxonomySchemeEntity | null> {
    return this.dataSource.getRepository(TaxonomySchemeEntity).findOneBy({ scheme });
  }

  async codes(scheme: string): Promise<CodeRow[]> {
    const rows = await this.dataSource
      .getRepository(TaxonomyCodeEntity)
      .find({ where: { scheme }, order: { position: 'ASC' } });
    return rows.map((r) => ({ code: r.code, parent: r.parent, nameZh: r.nameZh, nameEn: r.nameEn }));
  }

  /** Which of the given `scheme:code` references exist. */
  async existingRefs(refs: string[]): Promise<Set<string>> {
    if (!refs.length) return new Set();
    const rows: Array<{ ref: string }> = await this.dataSource.query(
      `SELECT c.scheme || ':' || c.code AS ref
         FROM taxonomy_codes c
         JOIN unnest($1::text[]) AS r(ref) ON r.ref = c.scheme || ':' || c.code`,
      [refs],
    );
    return new Set(rows.map((r) => r.ref));
  }

  /**
   * The `scheme:code` references to a scheme that needs or capabilities hold. The scheme is compared whole (the
   * part before the first colon; scheme names hold none): as a LIKE pattern its `_` would match any character, and
   * replacing `a_b` would count `axb`'s references as its own.
   */
  async refsInUse(manager: EntityManager, scheme: string): Promise<string[]> {
    const rows: Array<{ ref: string }> = await manager.query(
      `SELECT DISTINCT ref FROM (
         SELECT unnest(sectors) AS ref FROM needs
         UNION ALL
         SELECT unnest(sectors) AS ref FROM capabilities
       ) x WHERE split_part(ref, ':', 1) = $1`,
      [scheme],
    );
    return rows.map((r) => r.ref);
  }

  async replace(
    manager: EntityManager,
    scheme: { scheme: string; name: string; source: string | null },
    codes: CodeRow[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO taxonomy_schemes (scheme, name, source) VALUES ($1, $2, $3)
       ON CONFLICT (scheme) DO UPDATE SET name = EXCLUDED.name, source = EXCLUDED.source, updated_at = now()`,
      [scheme.scheme, scheme.name, scheme.source],
    );
    await manager.query(`DELETE FROM taxonomy_codes WHERE scheme = $1`, [scheme.scheme]);
    for (let i = 0; i < codes.length; i += 1000) {
      const slice = codes.slice(i, i + 1000);
      await manager
        .createQueryBuilder()
        .insert()
        .into(TaxonomyCodeEntity)
        .values(slice.map((c, j) => ({ scheme: scheme.scheme, ...c, position: i + j })))
        .execute();
    }
  }
}
