import { Injectable } from '@nestjs/common';
import { isCalendarDate, todayInHarbin } from '../../common/domain/dates.js';
import { NEED_OWNER_KINDS } from '../../common/domain/vocabulary.js';
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
import { CreateNeedDto, type BudgetDto, type NeedQuery, type NeedView, type UpdateNeedDto } from './dto/need.dto.js';
import type { NeedEntity } from './need.entity.js';
import { toNeedView } from './need-view.js';
import { NeedsRepository, type NewNeed } from './needs.repository.js';

const NEED = { zh: '需求', en: 'needs' };
const NOT_FOUND = '需求 / need';

/** Rules across fields: the budget's order and a deadline that is a real date, not in the past. */
function needRules(
  d: { budget?: BudgetDto; deadline?: string | null },
  field: (name: string) => string,
  today: string,
  newDeadline: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const { min, max } = d.budget ?? {};
  if (min != null && max != null && min > max) {
    errors.push({
      field: field('budget'),
      message: 'budget.min 不能大于 budget.max / budget.min must not exceed budget.max',
    });
  }
  if (d.deadline) {
    if (!isCalendarDate(d.deadline)) {
      errors.push({
        field: field('deadline'),
        message: `deadline 不是有效日期 / ${d.deadline} is not a calendar date`,
      });
    } else if (newDeadline && d.deadline < today) {
      errors.push({ field: field('deadline'), message: '截止日期不能早于今天 / deadline must not be in the past' });
    }
  }
  return errors;
}

@Injectable()
export class NeedsService {
  constructor(
    private readonly repo: NeedsRepository,
    private readonly organizations: OrganizationsService,
    private readonly sectors: SectorsService,
    private readonly changes: CatalogChangesService,
  ) {}

  async create(actor: AuthUser, dto: CreateNeedDto): Promise<NeedView> {
    const [view] = await this.createMany(actor, [dto], false);
    return view;
  }

  /** Up to 1,000 at once, refused whole if any is invalid; `dryRun` checks everything and writes nothing. */
  async createBatch(actor: AuthUser, items: unknown[], dryRun = false): Promise<{ items: NeedView[] }> {
    const { values, errors } = await validateBatch(CreateNeedDto, items);
    return { items: await this.createMany(actor, values, true, errors, dryRun) };
  }

  private async createMany(
    actor: AuthUser,
    dtos: Array<CreateNeedDto | null>,
    batch: boolean,
    prior: FieldError[] = [],
    dryRun = false,
  ): Promise<NeedView[]> {
    const today = todayInHarbin();
    const checked = await checkDrafts({
      actor,
      drafts: dtos,
      prior,
      batch,
      ownerKinds: NEED_OWNER_KINDS,
      what: NEED,
      organizations: (ids) => this.organizations.findByIds(ids),
      checkSectors: (lists) => this.sectors.check(lists),
      crossField: (d, field) => needRules(d, field, today, true),
    });
    const rows: NewNeed[] = checked.map(({ draft: d, owner }) => ({
      organizationId: owner.id,
      kind: d.kind ?? 'technical_problem',
      title: d.title,
      description: d.description,
      sectors: d.sectors ?? [],
      keywords: d.keywords ?? [],
      cooperationModes: d.cooperationModes ?? [],
      budgetMin: d.budget?.min ?? null,
      budgetMax: d.budget?.max ?? null,
      deadline: d.deadline ?? null,
      district: d.district ?? (owner.district as NewNeed['district']),
      visibility: d.visibility ?? 'public',
      status: 'open',
      createdBy: actor.id,
    }));
    if (dryRun) return [];
    const saved = await this.changes.write('need', 'upsert', async ({ manager }) => {
      const saved = await this.repo.insertMany(manager, rows);
      return { result: saved, ids: saved.map((n) => n.id) };
    });
    return this.views(saved);
  }

  async list(actor: AuthUser, q: NeedQuery): Promise<Page<NeedView>> {
    const [rows, total] = await this.repo.list({
      viewerOrganizationId: isCoordinator(actor) ? null : actor.organizationId,
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

  async get(actor: AuthUser, id: string): Promise<NeedView> {
    const [view] = await this.views([await this.visible(actor, id)]);
    return view;
  }

  async update(actor: AuthUser, id: string, dto: UpdateNeedDto): Promise<NeedView> {
    const need = await this.writable(actor, id);
    const errors = [
      ...needRules(
        {
          budget: {
            min: dto.budget?.min !== undefined ? dto.budget.min : need.budgetMin,
            max: dto.budget?.max !== undefined ? dto.budget.max : need.budgetMax,
          },
          deadline: dto.deadline,
        },
        (f) => f,
        todayInHarbin(),
        dto.deadline !== undefined && dto.deadline !== need.deadline,
      ),
      ...(dto.sectors ? await this.sectors.check([{ field: 'sectors', sectors: dto.sectors }]) : []),
    ];
    if (errors.length) throw invalidInput(errors);
    const patch = definedOnly<Partial<NewNeed>>({
      kind: dto.kind,
      title: dto.title,
      description: dto.description,
      sectors: dto.sectors,
      keywords: dto.keywords,
      cooperationModes: dto.cooperationModes,
      budgetMin: dto.budget?.min,
      budgetMax: dto.budget?.max,
      deadline: dto.deadline,
      district: dto.district,
      visibility: dto.visibility,
      status: dto.status,
    });
    const saved = await this.changes.write('need', 'upsert', async ({ manager }) => ({
      result: await this.repo.update(manager, id, patch),
      ids: [id],
    }));
    const [view] = await this.views([saved]);
    return view;
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.writable(actor, id);
    // Matching refuses it (409) when a coordinator has approved one of its matches: see MatchingListeners.
    await this.changes.delete('need', [id], (tx) => this.repo.delete(tx.manager, id));
  }

  /** A need the caller may see: restricted needs only for the owner and coordinators (404 for everyone else). */
  private async visible(actor: AuthUser, id: string): Promise<NeedEntity> {
    const need = await this.repo.findById(id);
    if (!need) throw notFound(NOT_FOUND);
    if (need.visibility === 'restricted' && !isCoordinator(actor) && need.organizationId !== actor.organizationId) {
      throw notFound(NOT_FOUND);
    }
    return need;
  }

  private async writable(actor: AuthUser, id: string): Promise<NeedEntity> {
    const need = await this.visible(actor, id);
    if (!isCoordinator(actor) && need.organizationId !== actor.organizationId) {
      throw forbidden('只有发布方或协调员可以修改此需求 / only the owner or a coordinator may change this need');
    }
    return need;
  }

  private async views(needs: NeedEntity[]): Promise<NeedView[]> {
    const orgs = new Map(
      (await this.organizations.findByIds([...new Set(needs.map((n) => n.organizationId))])).map((o) => [o.id, o.name]),
    );
    return needs.map((n) => toNeedView(n, orgs.get(n.organizationId) ?? ''));
  }
}
