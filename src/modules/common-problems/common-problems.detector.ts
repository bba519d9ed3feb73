import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '../../common/domain/uuid.js';
import { MaintenanceJobsService } from '../../jobs/maintenance-jobs.service.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { CatalogIndexService } from '../matching/catalog-index.service.js';
import type { CatalogIndex } from '../matching/index/catalog-index.js';
import { coreTerms } from '../matching/scoring/pair-features.js';
import type { ScoredPair, ScoringContext } from '../matching/scoring/pair-score.js';
import {
  blendedIdf,
  isMatchingTerm,
  titleTermsOf,
  type CatalogueStats,
  type NeedProfile,
} from '../matching/scoring/profiles.js';
import { SCORING } from '../matching/scoring/scoring-config.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import {
  clusterNeeds,
  fingerprintOf,
  meanSimilarity,
  needSimilarity,
  proposeLead,
  sharedTerms,
  type ClusterNeed,
} from './clustering.js';
import {
  COMMON_PROBLEM_JOBS,
  COMMON_PROBLEMS_DETECT_CRON,
  COMMON_PROBLEMS_DETECT_SCHEDULER,
  COMMON_PROBLEMS_REFRESH_SCHEDULER,
  type DetectPayload,
  type RefreshPayload,
} from './common-problems-jobs.js';
import type { CommonProblemStatus } from './common-problem.entity.js';

/** A term at this IDF (among needs, blended with the reference corpus) or more counts as specific vocabulary. */
const SPECIFIC_IDF = 5;
/** Capabilities kept per problem. */
const CAPABILITIES_KEPT = 10;
const SPECIFIC_FIELDS = new Set(['title', 'keyword', 'ask']);

interface NeedRow {
  id: string;
  title: string;
  visibility: 'public' | 'restricted';
  district: string;
  organization_id: string;
  budget_max: number | null;
}

interface ExistingProblem {
  id: string;
  status: CommonProblemStatus;
  edited: boolean;
  version: number;
  fingerprint: string;
  lead_need_id: string | null;
  needIds: string[];
}

interface Derived {
  sharedTerms: string[];
  sectorKeys: string[];
  cohesion: number;
  title: string;
  summary: string;
  lead: { needId: string; reason: string } | null;
  capabilities: Array<{
    capabilityId: string;
    rank: number;
    score: number;
    covered: number;
    fitsAll: boolean;
    explanations: unknown[];
  }>;
}

export interface DetectOutcome {
  needs: number;
  clusters: number;
  created: number;
  refreshed: number;
  removed: number;
  skippedDismissed: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The worker's job: clusters the open needs of the catalogue index into candidate common problems (clustering.ts),
 * works out what each shares, who should lead and which capabilities fit its members (matching's own scoring), and
 * writes them. A re-run keeps confirmed and dismissed problems, refreshes the candidates it finds again (same
 * members, or most of them), removes candidates no longer found unless a coordinator edited them, and does not
 * propose again a cluster that adds no new organisation to a dismissed one.
 */
@Injectable()
export class CommonProblemsDetector implements OnModuleInit {
  private readonly logger = new Logger('CommonProblems');

  constructor(
    private readonly catalog: CatalogIndexService,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly maintenance: MaintenanceJobsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({
      name: COMMON_PROBLEM_JOBS.detect,
      handler: (data) => this.detect(data),
      schedulerId: COMMON_PROBLEMS_DETECT_SCHEDULER,
      schedule: { pattern: COMMON_PROBLEMS_DETECT_CRON },
    });
    this.maintenance.register({
      name: COMMON_PROBLEM_JOBS.refresh,
      handler: (data) => this.refresh(data as unknown as RefreshPayload),
      schedulerId: COMMON_PROBLEMS_REFRESH_SCHEDULER,
      schedule: null,
    });
  }

  /** The open needs as the clustering reads them, from the worker's index (its terms, weights and fields). */
  private clusterNeedsOf(
    index: CatalogIndex,
  ): Map<string, { need: ClusterNeed; profile: NeedProfile; spec: LeadSpec }> {
    const stats: CatalogueStats = {
      documentCount: index.needs.documentCount,
      documentFrequency: (t) => index.needs.documentFrequency(t),
    };
    const out = new Map<string, { need: ClusterNeed; profile: NeedProfile; spec: LeadSpec }>();
    for (const id of index.needs.documentIds()) {
      const meta = index.needs.payload(id);
      if (!meta || meta.status !== 'open') continue;
      const profile: NeedProfile = { ...meta, terms: index.needs.termsOf(id) };
      const vector = new Map<string, number>();
      const specific: Array<{ term: string; idf: number }> = [];
      for (const [term, weight] of profile.terms) {
        const field = profile.termFields[term];
        if (field === 'character' || !isMatchingTerm(term)) continue;
        const idf = blendedIdf(term, stats);
        vector.set(term, weight * idf);
        if (SPECIFIC_FIELDS.has(field) && idf >= SPECIFIC_IDF) specific.push({ term, idf });
      }
      specific.sort((a, b) => b.idf - a.idf || (a.term < b.term ? -1 : 1));
      out.set(id, {
        need: {
          id,
          organizationId: meta.organizationId,
          sectors: meta.sectors,
          vector,
          core: coreTerms(titleTermsOf(profile, stats)),
        },
        profile,
        spec: specific,
      });
    }
    return out;
  }

  /** Clusters the open needs and writes the candidates (see the class). */
  async detect(payload: DetectPayload = {}): Promise<DetectOutcome> {
    const requestedBy = isUuid(payload.requestedBy) ? payload.requestedBy : null;
    const index = await this.catalog.ready();
    const parentOf = await this.parentOf();
    const open = this.clusterNeedsOf(index);
    const existing = await this.existing(this.dataSource.manager);
    // Needs of confirmed problems are settled: they are not clustered again.
    const settled = new Set(existing.filter((p) => p.status === 'confirmed').flatMap((p) => p.needIds));
    const input = [...open.values()].map((x) => x.need).filter((n) => !settled.has(n.id));
    const clusters = clusterNeeds(input, parentOf);
    const orgOf = (id: string) => open.get(id)?.need.organizationId;

    const candidates = existing.filter((p) => p.status === 'candidate');
    const dismissed = existing.filter((p) => p.status === 'dismissed');
    const matched = new Map<string, string[]>();
    const fresh: string[][] = [];
    let skippedDismissed = 0;
    for (const c of clusters) {
      const members = new Set(c.needIds);
      // A cluster that adds no organisation to a dismissed one it mostly repeats is not proposed again.
      const repeat = dismissed.some((d) => {
        const overlap = d.needIds.filter((id) => members.has(id)).length;
        if (overlap * 2 < members.size) return false;
        const dOrgs = new Set(d.needIds.map(orgOf));
        return c.needIds.filter((id) => !d.needIds.includes(id)).every((id) => dOrgs.has(orgOf(id)));
      });
      if (repeat) {
        skippedDismissed++;
        continue;
      }
      const fp = fingerprintOf(c.needIds);
      let best: { id: string; jaccard: number } | null = null;
      for (const p of candidates) {
        if (matched.has(p.id)) continue;
        const overlap = p.needIds.filter((id) => members.has(id)).length;
        const jaccard = p.fingerprint === fp ? 1 : overlap / (p.needIds.length + members.size - overlap);
        if (jaccard >= 0.5 && (!best || jaccard > best.jaccard)) best = { id: p.id, jaccard };
      }
      if (best) matched.set(best.id, c.needIds);
      else fresh.push(c.needIds);
    }

    const rows = await this.needRows([
      ...new Set([...clusters.flatMap((c) => c.needIds), ...existing.flatMap((p) => p.needIds)]),
    ]);
    const derive = (needIds: string[]) => this.derive(index, open, rows, needIds, parentOf);
    const outcome: DetectOutcome = {
      needs: input.length,
      clusters: clusters.length,
      created: 0,
      refreshed: 0,
      removed: 0,
      skippedDismissed,
    };
    // The plan is worked out outside the transaction (scoring takes time); each write checks that the problem has
    // not changed since it was read (its version), and leaves it to the next run otherwise.
    const updates: Array<{ p: ExistingProblem; needIds: string[]; derived: Derived; fingerprint: string }> = [];
    const removals: ExistingProblem[] = [];
    for (const p of existing) {
      if (p.status === 'dismissed') continue;
      const found = matched.get(p.id);
      const keepMembers = p.edited || p.status === 'confirmed' || !found;
      if (p.status === 'candidate' && !found && !p.edited) {
        removals.push(p);
        continue;
      }
      const needIds = keepMembers ? p.needIds : found;
      updates.push({
        p,
        needIds,
        derived: derive(needIds),
        fingerprint: keepMembers ? p.fingerprint : fingerprintOf(needIds),
      });
    }
    const created = fresh.map((needIds) => ({ needIds, derived: derive(needIds) }));

    await this.uow.run(async (tx) => {
      const m = tx.manager;
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('common-problems-detect'))`);
      const now = new Map((await this.existing(m, true)).map((p) => [p.id, p]));
      const unchanged = (p: ExistingProblem) => now.get(p.id)?.version === p.version;
      const confirmedNow = new Set([...now.values()].filter((p) => p.status === 'confirmed').flatMap((p) => p.needIds));
      // Problems another run wrote since this one read (two workers at once): their needs are taken.
      const known = new Set(existing.map((p) => p.id));
      const takenNow = new Set(
        [...now.values()].filter((p) => !known.has(p.id) && p.status !== 'dismissed').flatMap((p) => p.needIds),
      );
      for (const p of removals) {
        if (!unchanged(p)) continue;
        await m.query(`DELETE FROM common_problems WHERE id = $1 AND status = 'candidate'`, [p.id]);
        outcome.removed++;
      }
      for (const u of updates) {
        if (!unchanged(u.p)) continue;
        const keepText = u.p.edited || u.p.status === 'confirmed';
        const membersChanged = u.fingerprint !== u.p.fingerprint;
        if (membersChanged) await this.setMembers(m, u.p.id, u.needIds);
        await this.writeDerived(m, u.p.id, u.derived, {
          text: !keepText,
          lead: !keepText || u.p.lead_need_id === null || !u.needIds.includes(u.p.lead_need_id),
          fingerprint: u.fingerprint,
        });
        if (membersChanged) {
          await this.event(m, u.p.id, 'refreshed', {
            needIds: u.needIds,
            previous: u.p.needIds,
          });
        }
        outcome.refreshed++;
      }
      const createdIds: string[] = [];
      for (const c of created) {
        if (c.needIds.some((id) => confirmedNow.has(id) || takenNow.has(id))) continue;
        const [row] = await m.query<Array<{ id: string }>>(
          `INSERT INTO common_problems (title, summary, fingerprint) VALUES ($1, $2, $3) RETURNING id`,
          [c.derived.title, c.derived.summary, fingerprintOf(c.needIds)],
        );
        await this.setMembers(m, row.id, c.needIds);
        await this.writeDerived(m, row.id, c.derived, {
          text: true,
          lead: true,
          fingerprint: fingerprintOf(c.needIds),
        });
        await this.event(m, row.id, 'detected', {
          needIds: c.needIds,
          cohesion: round(c.derived.cohesion),
          requestedBy,
        });
        createdIds.push(row.id);
      }
      outcome.created = createdIds.length;
      if (createdIds.length) {
        const coordinators = await m.query<Array<{ id: string }>>(
          `SELECT id FROM users WHERE active AND role IN ('coordinator', 'admin')`,
        );
        await this.notifications.record(tx, [
          {
            type: 'common_problem.detected',
            title: `发现 ${createdIds.length} 个共性技术难题候选 / ${createdIds.length} new candidate common problem(s)`,
            body:
              '多家单位的需求提出了相近的技术难题，请在“共性技术难题”中确认、修改或驳回。 / ' +
              'Needs of several organisations state the same problem: confirm, edit or dismiss them under Common problems.',
            payload: { commonProblemIds: createdIds },
            userIds: coordinators.map((u) => u.id),
          },
        ]);
      }
    });
    this.logger.log({ ...outcome, requestedBy }, 'common problems detected');
    return outcome;
  }

  /** Works out one problem's shared terms, fitting capabilities and (when not chosen by a coordinator) its lead. */
  async refresh(payload: RefreshPayload): Promise<{ refreshed: boolean }> {
    if (!isUuid(payload.problemId)) return { refreshed: false };
    const index = await this.catalog.ready();
    const parentOf = await this.parentOf();
    const open = this.clusterNeedsOf(index);
    const [p] = (await this.existing(this.dataSource.manager)).filter((x) => x.id === payload.problemId);
    if (!p || p.status === 'dismissed') return { refreshed: false };
    const rows = await this.needRows(p.needIds);
    const derived = this.derive(index, open, rows, p.needIds, parentOf);
    return this.uow.run(async (tx) => {
      const [now] = await tx.manager.query<Array<{ version: number }>>(
        `SELECT version FROM common_problems WHERE id = $1 FOR UPDATE`,
        [p.id],
      );
      // Edited again meanwhile: that edit queued a refresh of its own.
      if (!now || now.version !== p.version) return { refreshed: false };
      await this.writeDerived(tx.manager, p.id, derived, {
        text: false,
        lead: p.lead_need_id === null || !p.needIds.includes(p.lead_need_id),
        fingerprint: p.fingerprint,
      });
      return { refreshed: true };
    });
  }

  /** What a member set shares, who leads it and which capabilities fit it. Members not open are left out. */
  private derive(
    index: CatalogIndex,
    open: Map<string, { need: ClusterNeed; profile: NeedProfile; spec: LeadSpec }>,
    rows: Map<string, NeedRow>,
    needIds: string[],
    parentOf: (ref: string) => string | null,
  ): Derived {
    const live = needIds.filter((id) => open.has(id) && rows.has(id));
    const members = live.map((id) => open.get(id)!.need);
    const shared = sharedTerms(members);
    const publicMembers = members.filter((n) => rows.get(n.id)!.visibility === 'public');
    // What the title and summary say (read by members once confirmed) comes from public needs only.
    const told = shared.filter((t) => publicMembers.some((n) => n.vector.has(t)));
    const sectorCount = new Map<string, number>();
    for (const n of members) for (const s of n.sectors) sectorCount.set(s, (sectorCount.get(s) ?? 0) + 1);
    const sectorKeys = [...sectorCount]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .map(([s]) => s)
      .slice(0, 5);
    const sim = (a: string, b: string) => needSimilarity(open.get(a)!.need, open.get(b)!.need, parentOf);
    const cohesion = meanSimilarity(live, sim);
    // The title: the public need most alike to the others, else the shared terms.
    const central = [...publicMembers]
      .map((n) => ({ n, s: live.reduce((acc, id) => (id === n.id ? acc : acc + sim(n.id, id)), 0) }))
      .sort((a, b) => b.s - a.s || (a.n.id < b.n.id ? -1 : 1))[0]?.n;
    const base = central ? rows.get(central.id)!.title : told.length ? told.slice(0, 3).join('、') : '';
    const title = (base ? `${base}（共性技术难题）` : '共性技术难题').slice(0, 200);
    const orgs = new Set(live.map((id) => rows.get(id)!.organization_id)).size;
    const districts = [...new Set(live.map((id) => rows.get(id)!.district))].map((d) =>
      d === 'outside' ? '哈尔滨以外' : d,
    );
    const terms = told.slice(0, 5);
    const summary =
      `${orgs} 家单位的 ${live.length} 项需求提出了相近的技术难题` +
      (terms.length ? `，共同涉及${terms.map((t) => `「${t}」`).join('')}` : '') +
      `；所在地区：${districts.join('、')}。 / ` +
      `${live.length} needs of ${orgs} organisations state a similar technical problem` +
      (terms.length ? `, sharing ${terms.join(', ')}` : '') +
      `; districts: ${districts.map((d) => (d === '哈尔滨以外' ? 'outside Harbin' : d)).join(', ')}.`;
    const lead = proposeLead(
      live.map((id) => ({
        needId: id,
        // Specific to the shared problem: its specific terms that another member states too (a formula or a
        // product name only one need mentions says nothing about how precisely it states the common problem).
        ...(() => {
          const terms = open.get(id)!.spec.filter((x) => members.some((m) => m.id !== id && m.vector.has(x.term)));
          return { specificity: terms.reduce((acc, x) => acc + x.idf, 0), specificTerms: terms.map((x) => x.term) };
        })(),
        budgetMax: rows.get(id)!.budget_max,
      })),
    );
    return {
      sharedTerms: shared,
      sectorKeys,
      cohesion,
      title,
      summary,
      lead,
      capabilities: this.fittingCapabilities(
        index,
        live.map((id) => open.get(id)!.profile),
      ),
    };
  }

  /**
   * The capabilities that fit the members, scored by matching as each member's own ranking scores them: the
   * candidates are every member's suggestions; each is scored against every member, and kept when it fits at least
   * two (all, for two members). Those fitting all come first, then by how many they fit and their mean score.
   */
  private fittingCapabilities(index: CatalogIndex, members: NeedProfile[]): Derived['capabilities'] {
    if (members.length < 2) return [];
    const pool = new Set<string>();
    for (const need of members) for (const r of index.rank(need, SCORING.topK)) pool.add(r.capabilityId);
    const contexts = new Map<string, ScoringContext | null>();
    const scored: Array<{ capabilityId: string; per: Array<{ needId: string; pair: ScoredPair | null }> }> = [];
    for (const capabilityId of pool) {
      const per = members.map((need) => {
        let ctx = contexts.get(need.id);
        if (ctx === undefined) contexts.set(need.id, (ctx = index.contextFor(need)));
        return { needId: need.id, pair: ctx ? index.scoreWith(need, ctx, capabilityId, true) : null };
      });
      scored.push({ capabilityId, per });
    }
    return scored
      .map((s) => {
        const covered = s.per.filter((x) => x.pair?.suggestible).length;
        const score = s.per.reduce((acc, x) => acc + (x.pair?.suggestible ? x.pair.score : 0), 0) / members.length;
        return { ...s, covered, score, fitsAll: covered === members.length };
      })
      .filter((s) => s.covered >= 2)
      .sort(
        (a, b) =>
          Number(b.fitsAll) - Number(a.fitsAll) ||
          b.covered - a.covered ||
          b.score - a.score ||
          (a.capabilityId < b.capabilityId ? -1 : 1),
      )
      .slice(0, CAPABILITIES_KEPT)
      .map((s, i) => ({
        capabilityId: s.capabilityId,
        rank: i + 1,
        score: round(s.score),
        covered: s.covered,
        fitsAll: s.fitsAll,
        explanations: s.per.map((x) => ({
          needId: x.needId,
          fits: !!x.pair?.suggestible,
          score: x.pair ? round(x.pair.score) : 0,
          band: x.pair?.suggestible ? x.pair.band : null,
          summary: x.pair ? x.pair.explanation.summary : null,
        })),
      }));
  }

  private async existing(m: EntityManager, lock = false): Promise<ExistingProblem[]> {
    const problems = await m.query<Array<Omit<ExistingProblem, 'needIds'>>>(
      `SELECT id, status, edited, version, fingerprint, lead_need_id FROM common_problems ORDER BY created_at, id
       ${lock ? 'FOR UPDATE' : ''}`,
    );
    const members = await m.query<Array<{ problem_id: string; need_id: string }>>(
      `SELECT problem_id, need_id FROM common_problem_needs ORDER BY need_id`,
    );
    const byProblem = new Map<string, string[]>();
    for (const r of members) byProblem.set(r.problem_id, [...(byProblem.get(r.problem_id) ?? []), r.need_id]);
    return problems.map((p) => ({ ...p, needIds: byProblem.get(p.id) ?? [] }));
  }

  private async needRows(ids: string[]): Promise<Map<string, NeedRow>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.query<NeedRow[]>(
      `SELECT id, title, visibility, district, organization_id, budget_max FROM needs WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The sector trees' parent links (as the catalogue index reads them). */
  private async parentOf(): Promise<(ref: string) => string | null> {
    const rows = await this.dataSource.query<Array<{ scheme: string; code: string; parent: string }>>(
      `SELECT scheme, code, parent FROM taxonomy_codes WHERE parent IS NOT NULL`,
    );
    const parents = new Map(rows.map((r) => [`${r.scheme}:${r.code}`, `${r.scheme}:${r.parent}`]));
    return (ref) => parents.get(ref) ?? null;
  }

  private async setMembers(m: EntityManager, problemId: string, needIds: string[]): Promise<void> {
    await m.query(`DELETE FROM common_problem_needs WHERE problem_id = $1 AND NOT (need_id = ANY($2::uuid[]))`, [
      problemId,
      needIds,
    ]);
    await m.query(
      `INSERT INTO common_problem_needs (problem_id, need_id)
       SELECT $1, n.id FROM needs n WHERE n.id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`,
      [problemId, needIds],
    );
  }

  private async writeDerived(
    m: EntityManager,
    problemId: string,
    d: Derived,
    what: { text: boolean; lead: boolean; fingerprint: string },
  ): Promise<void> {
    await m.query(
      `UPDATE common_problems
          SET shared_terms = $2, sector_keys = $3, cohesion = $4, fingerprint = $5, refreshed_at = now(),
              title = CASE WHEN $6::boolean THEN $7 ELSE title END,
              summary = CASE WHEN $6::boolean THEN $8 ELSE summary END,
              lead_need_id = CASE WHEN $9::boolean THEN $10::uuid ELSE lead_need_id END,
              lead_reason = CASE WHEN $9::boolean THEN $11 ELSE lead_reason END
        WHERE id = $1`,
      [
        problemId,
        d.sharedTerms,
        d.sectorKeys,
        round(d.cohesion),
        what.fingerprint,
        what.text,
        d.title,
        d.summary,
        what.lead,
        d.lead?.needId ?? null,
        d.lead?.reason ?? null,
      ],
    );
    await m.query(`DELETE FROM common_problem_capabilities WHERE problem_id = $1`, [problemId]);
    for (const c of d.capabilities) {
      await m.query(
        `INSERT INTO common_problem_capabilities (problem_id, capability_id, rank, score, covered, fits_all, explanations)
         SELECT $1, c.id, $3, $4, $5, $6, $7 FROM capabilities c WHERE c.id = $2`,
        [problemId, c.capabilityId, c.rank, c.score, c.covered, c.fitsAll, JSON.stringify(c.explanations)],
      );
    }
  }

  private async event(
    m: EntityManager,
    problemId: string,
    kind: 'detected' | 'refreshed',
    data: Record<string, unknown>,
  ): Promise<void> {
    await m.query(`INSERT INTO common_problem_events (problem_id, kind, to_status, data) VALUES ($1, $2, $3, $4)`, [
      problemId,
      kind,
      'candidate',
      JSON.stringify(data),
    ]);
  }
}

/** A need's specific terms (title, keywords, the sentence that asks), most specific first. */
type LeadSpec = Array<{ term: string; idf: number }>;
