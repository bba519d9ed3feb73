import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shippedSchemes } from './shipped-schemes.js';
import { TaxonomiesRepository } from './taxonomies.repository.js';

/** Installs the shipped schemes on first start; an admin's later replacement of them is left alone. */
@Injectable()
export class TaxonomySeederService {
  private readonly logger = new Logger('TaxonomySeeder');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: TaxonomiesRepository,
  ) {}

  async seed(): Promise<void> {
    for (const s of shippedSchemes()) {
      await this.dataSource.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('taxonomy:' || $1))`, [s.scheme]);
        const exists = await m.query<unknown[]>(`SELECT 1 FROM taxonomy_schemes WHERE scheme = $1`, [s.scheme]);
        if (exists.length) return;
        await this.repo.replace(m, { scheme: s.scheme, name: s.name, source: s.source }, s.codes);
        this.logger.log({ scheme: s.scheme, codes: s.codes.length }, 'installed shipped taxonomy');
      });
    }
  }
}
