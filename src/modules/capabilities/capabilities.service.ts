import { Injectable } from '@nestjs/common';
import { CAPABILITY_OWNER_KINDS } from '../../common/domain/vocabulary.js';
import { forbidden, invalidInput, notFound } from '../../common/errors/app-errors.js';
import type { FieldError } from '../../common/errors/error-body.js';
import { validateBatch } from '../../common/listing/batch.js';
import { checkDrafts } from '../../common/listing/drafts.js';
import { definedOnly } from '../../common/object.js';
import { pageOf, skipTake, type Page } from '../../common/pagination/pagination.js';
import { CatalogChangesService } from '../listings/catalog-changes.service.js';
import { isCoordinator, type AuthUser } from '../auth/auth-user.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { SectorsService } from '../taxonomies/sectors.service.js';
import type { CapabilityEntity } from './capability.entity.js';
import { toCapabilityView } from './capability-view.js';
import { CapabilitiesRepository, type NewCapability } from './capabilities.repository.js';
import {
  CreateCapabilityDto,
  type CapabilityQuery,
  type CapabilityView,
  type UpdateCapabilityDto,
} from './dto/capability.dto.js';

const CAPABILITY = { zh: '成果与能力', en: 'capabilities' };
const NOT_FOUND = '成果 / capability';

@Injectable()
export class CapabilitiesService {
  constructor(
    private readonly repo: CapabilitiesRepository,
    private readonly organizations: OrganizationsService,
    private readonly sectors: SectorsService,
    private readonly changes: CatalogChangesService,
  ) {}

  async create(actor: AuthUser, dto: CreateCapabilityDto): Promise<CapabilityView> {
    const [view] = await this.createMany(actor, [dto], false);
    return view;
  }

  /** Up to 1,000 at once, refused whole if any is invalid; `dryRun` checks everything and writes nothing. */
  async createBatch(actor: AuthUser, items: unknown[], dryRun = false): Promise<{ items: CapabilityView[] }> {
    const { values, errors } = await validateBatch(CreateCapabilityDto, items);
    return { items: await this.createMany(actor, values, true, errors, dryRun) };
  }

  private async createMany(
    actor: AuthUser,
    dtos: Array<CreateCapabilityDto | null>,
    batch: boolean,
    prior: FieldError[] = [],
    dryRun = false,
  ): Promise<CapabilityView[]> {
    const checked = await checkDrafts({
      actor,
      drafts: dtos,
      prior,
      batch,
      ownerKinds: CAPABILITY_OWNER_KINDS,
      what: CAPABILITY,
      organizations: (ids) => this.organizations.findByIds(ids),
      checkSectors: (lists) => this.sectors.check(lists),
    });
    const rows: NewCapability[] = checked.map(({ draft: d, owner }) => ({
      organizationId: owner.id,
      kind: d.kind ?? 'achievement',
      title: d.title,
      description: d.description,
      sectors: d.sectors ?? [],
      keywords: d.keywords ?? [],
      trl: d.trl ?? null,
      ipStatus: d.ipStatus ?? null,
      cooperationModes: d.cooperationModes ?? [],
      district: d.district ?? (owner.district as NewCapability['district']),
      maxActiveIntroductions: d.maxActiveIntroductions ?? null,
      status: 'active',
      createdBy: actor.id,
    }));
    if (dryRun) return [];
    const saved = await this.changes.write('capability', 'upsert', async ({ manager }) => {
      const saved = await this.repo.insertMany(manager, rows);
      return { result: saved, ids: saved.map((c) => c.id) };
    });
    return this.views(saved);
  }

  async list(actor: AuthUser, q: CapabilityQuery): Promise<Page<CapabilityView>> {
    const [rows, total] = await this.repo.list({
      organizationId: q.mine ? actor.organizationId : q.organizationId,
      status: q.status,
      kind: q.kind,
      district: q.district,
      sectors: q.sector ? await this.sectors.withDescendants(q.sector) : undefined,
      q: q.q?.trim() || undefined,
      sort: q.sort,
      ...skipTake(q),
    });
    return pageOf(await this.views(rows), total, q);
  }

  async get(id: string): Promise<CapabilityView> {
    const [view] = await this.views([await this.found(id)]);
    return view;
  }

  async update(actor: AuthUser, id: string, dto: UpdateCapabilityDto): Promise<CapabilityView> {
    await this.writable(actor, id);
    const errors = dto.sectors ? await this.sectors.check([{ field: 'sectors', sectors: dto.sectors }]) : [];
    if (errors.length) throw invalidInput(errors);
    const patch = definedOnly<Partial<NewCapability>>({
      kind: dto.kind,
      title: dto.title,
      description: dto.description,
      sectors: dto.sectors,
      keywords: dto.keywords,
      trl: dto.trl,
      ipStatus: dto.ipStatus,
      cooperationModes: dto.cooperationModes,
      district: dto.district,
      maxActiveIntroductions: dto.maxActiveIntroductions,
      status: dto.status,
    });
    const saved = await this.changes.write('capability', 'upsert', async ({ manager }) => ({
      result: await this.repo.update(manager, id, patch),
      ids: [id],
    }));
    const [view] = await this.views([saved]);
    return view;
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.writable(actor, id);
    // Matching refuses it (409) when a coordinator has approved one of its matches, and ranks again the needs that
    // lose its suggestion: see MatchingListeners.
    await this.changes.delete('capability', [id], (tx) => this.repo.delete(tx.manager, id));
  }

  /** The active ones among these capabilities as views (every signed-in user may read capabilities). */
  async activeViews(ids: string[]): Promise<CapabilityView[]> {
    return this.views(await this.repo.findActiveByIds(ids));
  }

  /** How many of these capabilities are still listed (active). */
  countActive(ids: string[]): Promise<number> {
    return this.repo.countActive(ids);
  }

  /** When the catalogue of capabilities last changed (needs are matched again on every change). */
  lastChangedAt(): Promise<Date | null> {
    return this.repo.lastChangedAt();
  }

  private async found(id: string): Promise<CapabilityEntity> {
    const cap = await this.repo.findById(id);
    if (!cap) throw notFound(NOT_FOUND);
    return cap;
  }

  private async writable(actor: AuthUser, id: string): Promise<CapabilityEntity> {
    const cap = await this.found(id);
    if (!isCoordinator(actor) && cap.organizationId !== actor.organizationId) {
      throw forbidden('只有发布方或协调员可以修改此成果 / only the owner or a coordinator may change this capability');
    }
    return cap;
  }

  private async views(caps: CapabilityEntity[]): Promise<CapabilityView[]> {
    const orgs = new Map(
      (await this.organizations.findByIds([...new Set(caps.map((c) => c.organizationId))])).map((o) => [o.id, o.name]),
    );
    return caps.map((c) => toCapabilityView(c, orgs.get(c.organizationId) ?? ''));
  }
}
