import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '../../common/domain/uuid.js';
import { yieldToTimers } from '../../common/timers.js';
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
import { coordinatorIds } from '../notifications/recipients.js';
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
const MIN_ORGANIZATIONS = 2;
/** The reason recorded when the detection withdraws a candidate it no longer finds. */
export const SYSTEM_WITHDRAWN =
  '重新检测时不再成立，由系统撤回 / withdrawn by the system: the detection no longer finds it';

/** Undoes one problem's write (its transaction) without failing the run. */
class Rollback extends Error {}

interface NeedRow {
  id: string;
  title: string;
  status: string;
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
  title: string;
  summary: string;
  lead_need_id: string | null;
  refreshed_at: Date | null;
  dismiss_reason: string | null;
  /** The need the generated title was taken from (the detector's last event saying so). */
  title_need_id: string | null;
  /** A coordinator wrote the title or summary since the detector last wrote them. */
  text_written: boolean;
  /** Members whose closing an event already records. */
  closedRecorded: string[];
  needIds: string[];
}

interface Derived {
  sharedTerms: string[];
  sectorKeys: string[];
  cohesion: number;
  title: string;
  /** The public need the title was taken from (null: from the shared terms). */
  titleNeedId: string | null;
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
  /** New clusters not proposed because a need of theirs is in a candidate or confirmed problem. */
  skippedOverlap: number;
  /** Problems whose members and catalogue had not changed since their last refresh. */
  unchanged: number;
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
  private async clusterNeedsOf(
    index: CatalogIndex,
    only?: string[],
  ): Promise<Map<string, { need: ClusterNeed; profile: NeedProfile; spec: LeadSpec }>> {
    const stats: CatalogueStats = {
      documentCount: index.needs.documentCount,
      documentFrequency: (t) => index.needs.documentFrequency(t),
    };
    const out = new Map<string, { need: ClusterNeed; profile: NeedProfile; spec: LeadSpec }>();
    let done = 0;
    for (const id of only ?? index.needs.documentIds()) {
      if (++done % 500 === 0) await yieldToTimers();
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
    const index = await this.catalog.readyToRank();
    const parentOf = await this.parentOf();
    const open = await this.clusterNeedsOf(index);
    const existing = await this.existing(this.dataSource.manager);
    // Needs of candidate and confirmed problems belong to them: a need is in one problem at a time. Confirmed ones are
    // settled (not clustered again); a candidate's needs may be found again as that same candidate.
    const held = existing.filter((p) => p.status === 'candidate' || p.status === 'confirmed');
    const settled = new Set(held.filter((p) => p.status === 'confirmed').flatMap((p) => p.needIds));
    const input = [...open.values()].map((x) => x.need).filter((n) => !settled.has(n.id));
    await yieldToTimers();
    const clusters = clusterNeeds(input, parentOf);
    await yieldToTimers();
    const orgOf = (id: string) => open.get(id)?.need.organizationId;

    const candidates = existing.filter((p) => p.status === 'candidate');
    // Only a coordinator's dismissal keeps a cluster from being proposed again, not the system's withdrawal.
    const dismissed = existing.filter((p) => p.status === 'dismissed' && p.dismiss_reason !== SYSTEM_WITHDRAWN);
    const matched = new Map<string, string[]>();
    const fresh: string[][] = [];
    let skippedDismissed = 0;
    let skippedOverlap = 0;
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
      if (best) {
        // Needs another candidate holds stay there.
        const others = new Set(held.filter((p) => p.id !== best.id).flatMap((p) => p.needIds));
        matched.set(
          best.id,
          c.needIds.filter((id) => !others.has(id)),
        );
      } else if (c.needIds.some((id) => held.some((p) => p.needIds.includes(id)))) {
        // A new cluster overlapping a candidate or confirmed problem is not proposed: a need is in one problem.
        skippedOverlap++;
      } else fresh.push(c.needIds);
    }

    const rows = await this.needRows([
      ...new Set([...clusters.flatMap((c) => c.needIds), ...existing.flatMap((p) => p.needIds)]),
    ]);
    const memberIds = [
      ...new Set([...fresh.flat(), ...[...matched.values()].flat(), ...held.flatMap((p) => p.needIds)]),
    ];
    const pools = await this.rankedPools(memberIds);
    const lastChange = await this.lastCatalogueChange();
    const outcome: DetectOutcome = {
      needs: input.length,
      clusters: clusters.length,
      created: 0,
      refreshed: 0,
      removed: 0,
      skippedDismissed,
      skippedOverlap,
      unchanged: 0,
    };
    // Each problem is worked out, then written in its own short transaction that checks its version: an edit or a
    // decision meanwhile wins, and the next run takes the problem up again. Timers get their turn between problems
    // (the job's lock is renewed by one).
    for (const p of existing) {
      if (p.status === 'dismissed') continue;
      const found = matched.get(p.id);
      if (p.status === 'candidate' && !found && !p.edited) {
        await yieldToTimers();
        if (await this.withdraw(p)) outcome.removed++;
        continue;
      }
      const keepMembers = p.edited || p.status === 'confirmed' || !found || !this.enoughOrganizations(found, rows);
      const needIds = keepMembers ? p.needIds : found;
      const fingerprint = keepMembers ? p.fingerprint : fingerprintOf(needIds);
      // Nothing changed since the last refresh (members, and no listing since): nothing to work out again.
      if (fingerprint === p.fingerprint && lastChange && p.refreshed_at && p.refreshed_at >= lastChange) {
        outcome.unchanged++;
        continue;
      }
      await yieldToTimers();
      const derived = this.derive(index, open, rows, needIds, parentOf, pools);
      if (await this.write(p, needIds, fingerprint, derived, rows)) outcome.refreshed++;
    }
    const createdIds: string[] = [];
    for (const needIds of fresh) {
      await yieldToTimers();
      const derived = this.derive(index, open, rows, needIds, parentOf, pools);
      const id = await this.create(needIds, derived, requestedBy);
      if (id) createdIds.push(id);
    }
    outcome.created = createdIds.length;
    if (createdIds.length) {
      await this.uow.run(async (tx) => {
        const coordinators = await coordinatorIds(tx.manager);
        await this.notifications.record(tx, [
          {
            type: 'common_problem.detected',
            title: `发现 ${createdIds.length} 个共性技术难题候选 / ${createdIds.length} new candidate common problem(s)`,
            body:
              '多家单位的需求提出了相近的技术难题，请在“共性技术难题”中确认、修改或驳回。 / ' +
              'Needs of several organisations state the same problem: confirm, edit or dismiss them under Common problems.',
            payload: { commonProblemIds: createdIds },
            userIds: coordinators,
          },
        ]);
      });
    }
    this.logger.log({ ...outcome, requestedBy }, 'common problems detected');
    return outcome;
  }

  /** Works out one problem again (after an edit, or a member need changed, closed or was deleted). */
  async refresh(payload: RefreshPayload): Promise<{ refreshed: boolean }> {
    if (!isUuid(payload.problemId)) return { refreshed: false };
    const [p] = await this.existing(this.dataSource.manager, payload.problemId);
    if (!p || p.status === 'dismissed') return { refreshed: false };
    const index = await this.catalog.readyToRank();
    const parentOf = await this.parentOf();
    // Only the members' vectors (the catalogue's statistics are the index's own).
    const open = await this.clusterNeedsOf(index, p.needIds);
    const rows = await this.needRows(p.needIds);
    const pools = await this.rankedPools(p.needIds);
    const derived = this.derive(index, open, rows, p.needIds, parentOf, pools);
    return { refreshed: await this.write(p, p.needIds, p.fingerprint, derived, rows) };
  }

  /** Whether these needs (open ones) come from two organisations at least. */
  private enoughOrganizations(needIds: string[], rows: Map<string, NeedRow>): boolean {
    const live = needIds.filter((id) => rows.get(id)?.status === 'open');
    return live.length >= 2 && new Set(live.map((id) => rows.get(id)!.organization_id)).size >= MIN_ORGANIZATIONS;
  }

  /**
   * Writes what was worked out for an existing problem, in its own transaction, unless it changed since it was read.
   * The generated text is written again unless a coordinator wrote it, when the problem is a candidate or when the
   * need the title came from is no longer public and open; the lead when it was not chosen by a coordinator or is no
   * longer an open member. Any change of members, text or lead is a new version.
   */
  private async write(
    p: ExistingProblem,
    needIds: string[],
    fingerprint: string,
    d: Derived,
    rows: Map<string, NeedRow>,
  ): Promise<boolean> {
    return this.uow
      .run(async (tx) => {
        const m = tx.manager;
        const [now] = await m.query<Array<{ version: number }>>(
          `SELECT version FROM common_problems WHERE id = $1 FOR UPDATE`,
          [p.id],
        );
        if (!now || now.version !== p.version) return false;
        const membersChanged = fingerprint !== p.fingerprint;
        if (membersChanged) {
          await this.setMembers(m, p.id, needIds);
          const [{ orgs }] = await m.query<Array<{ orgs: number }>>(
            `SELECT count(DISTINCT n.organization_id)::int AS orgs FROM common_problem_needs cpn
             JOIN needs n ON n.id = cpn.need_id WHERE cpn.problem_id = $1 AND n.status = 'open'`,
            [p.id],
          );
          // A member deleted meanwhile left fewer than two organisations: left to the next run.
          if (orgs < MIN_ORGANIZATIONS) throw new Rollback();
        }
        const source = p.title_need_id ? rows.get(p.title_need_id) : undefined;
        const sourceGone = !!p.title_need_id && (!source || source.visibility !== 'public' || source.status !== 'open');
        const text = !p.text_written && ((p.status === 'candidate' && !p.edited) || sourceGone);
        const leadOpen =
          p.lead_need_id !== null && needIds.includes(p.lead_need_id) && rows.get(p.lead_need_id)?.status === 'open';
        // A coordinator's choice (an edited or confirmed problem) stands while the lead is an open member.
        const lead = !(p.edited || p.status === 'confirmed') || !leadOpen;
        // A new source need is recorded too (the text a challenge may take is judged by it: getForChallenge).
        const textChanged =
          text && (d.title !== p.title || d.summary !== p.summary || d.titleNeedId !== p.title_need_id);
        const leadChanged = lead && (d.lead?.needId ?? null) !== p.lead_need_id;
        const closed = needIds.filter(
          (id) => rows.get(id) && rows.get(id)!.status !== 'open' && !p.closedRecorded.includes(id),
        );
        await this.writeDerived(m, p.id, d, {
          text,
          lead,
          fingerprint,
          bump: membersChanged || textChanged || leadChanged,
        });
        if (membersChanged || textChanged || leadChanged || closed.length) {
          await this.event(m, p.id, 'refreshed', p.status, {
            ...(membersChanged
              ? { needIds, previous: p.needIds, droppedNeedIds: p.needIds.filter((x) => !needIds.includes(x)) }
              : {}),
            ...(textChanged ? { titleNeedId: d.titleNeedId, title: { from: p.title, to: d.title } } : {}),
            ...(leadChanged ? { leadNeedId: { from: p.lead_need_id, to: d.lead?.needId ?? null } } : {}),
            ...(closed.length ? { closedNeedIds: closed } : {}),
          });
        }
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof Rollback) return false;
        throw err;
      });
  }

  /** Writes a new candidate in its own transaction, unless one of its needs was taken meanwhile. */
  private async create(needIds: string[], d: Derived, requestedBy: string | null): Promise<string | null> {
    return this.uow
      .run(async (tx) => {
        const m = tx.manager;
        // Two runs at once (two workers) do not both propose the same needs.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('common-problems-detect'))`);
        const [taken] = await m.query<Array<{ need_id: string }>>(
          `SELECT cpn.need_id FROM common_problem_needs cpn JOIN common_problems p ON p.id = cpn.problem_id
          WHERE cpn.need_id = ANY($1::uuid[]) AND p.status IN ('candidate', 'confirmed') LIMIT 1`,
          [needIds],
        );
        if (taken) return null;
        const fingerprint = fingerprintOf(needIds);
        const [row] = await m.query<Array<{ id: string }>>(
          `INSERT INTO common_problems (title, summary, fingerprint) VALUES ($1, $2, $3) RETURNING id`,
          [d.title, d.summary, fingerprint],
        );
        await this.setMembers(m, row.id, needIds);
        const [{ orgs }] = await m.query<Array<{ orgs: number }>>(
          `SELECT count(DISTINCT n.organization_id)::int AS orgs FROM common_problem_needs cpn
           JOIN needs n ON n.id = cpn.need_id WHERE cpn.problem_id = $1 AND n.status = 'open'`,
          [row.id],
        );
        // A need deleted or closed during the computation: fewer than two organisations remain, nothing is proposed.
        if (orgs < MIN_ORGANIZATIONS) throw new Rollback();
        await this.writeDerived(m, row.id, d, { text: true, lead: true, fingerprint, bump: false });
        await this.event(m, row.id, 'detected', 'candidate', {
          needIds,
          cohesion: round(d.cohesion),
          titleNeedId: d.titleNeedId,
          requestedBy,
        });
        return row.id;
      })
      .catch((err: unknown) => {
        if (err instanceof Rollback) return null;
        throw err;
      });
  }

  /**
   * A candidate the detection no longer finds (and no coordinator edited) is withdrawn by the system: dismissed with
   * the reason, its audit trail kept (the notification that announced it still leads to it).
   */
  private async withdraw(p: ExistingProblem): Promise<boolean> {
    return this.uow.run(async (tx) => {
      const m = tx.manager;
      const done = await m.query<Array<{ id: string }>>(
        `UPDATE common_problems SET status = 'dismissed', dismiss_reason = $3, decided_at = now(),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 AND status = 'candidate' RETURNING id`,
        [p.id, p.version, SYSTEM_WITHDRAWN],
      );
      if (!done.length) return false;
      await m.query(
        `INSERT INTO common_problem_events (problem_id, kind, from_status, to_status, note, data)
         VALUES ($1, 'dismissed', 'candidate', 'dismissed', $2, $3)`,
        [p.id, SYSTEM_WITHDRAWN, JSON.stringify({ system: true, needIds: p.needIds })],
      );
      return true;
    });
  }

  /**
   * Each need's candidate capabilities as matching last ranked them: its suggestions (matches) and near misses
   * (need_rankings). A need not ranked yet has none here and is ranked against the index (see `fittingCapabilities`).
   */
  private async rankedPools(needIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!needIds.length) return out;
    const rows = await this.dataSource.query<Array<{ need_id: string; ids: string[] }>>(
      `SELECT r.need_id,
              ARRAY(SELECT m.capability_id::text FROM matches m WHERE m.need_id = r.need_id
                    UNION SELECT x->>'capabilityId' FROM jsonb_array_elements(r.near_misses) x
                     WHERE x->>'capabilityId' IS NOT NULL) AS ids
         FROM need_rankings r WHERE r.need_id = ANY($1::uuid[])`,
      [needIds],
    );
    for (const r of rows) out.set(r.need_id, r.ids);
    return out;
  }

  /** When the catalogue last changed (null: not known). */
  private async lastCatalogueChange(): Promise<Date | null> {
    const [row] = await this.dataSource.query<Array<{ at: Date | null }>>(
      `SELECT max(created_at) AS at FROM catalog_changes`,
    );
    return row?.at ?? null;
  }

  /** What a member set shares, who leads it and which capabilities fit it. Members not open are left out. */
  private derive(
    index: CatalogIndex,
    open: Map<string, { need: ClusterNeed; profile: NeedProfile; spec: LeadSpec }>,
    rows: Map<string, NeedRow>,
    needIds: string[],
    parentOf: (ref: string) => string | null,
    pools: Map<string, string[]>,
  ): Derived {
    // Open members only (as the database has them now: the index may lag behind a change).
    const live = needIds.filter((id) => open.has(id) && rows.get(id)?.status === 'open');
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
      titleNeedId: central?.id ?? null,
      summary,
      lead,
      capabilities: this.fittingCapabilities(
        index,
        live.map((id) => open.get(id)!.profile),
        pools,
      ),
    };
  }

  /**
   * The capabilities that fit the members, scored by matching as each member's own ranking scores them: the
   * candidates are every member's suggestions and near misses (as matching stored them); each is scored against every member, and kept when it fits at least
   * two (all, for two members). Those fitting all come first, then by how many they fit and their mean score.
   */
  private fittingCapabilities(
    index: CatalogIndex,
    members: NeedProfile[],
    pools: Map<string, string[]>,
  ): Derived['capabilities'] {
    if (members.length < 2) return [];
    const pool = new Set<string>();
    for (const need of members) {
      // Matching's stored ranking of the need (suggestions and near misses); a need not ranked yet is ranked here.
      const ranked = pools.get(need.id) ?? index.rank(need, SCORING.topK).map((r) => r.capabilityId);
      for (const id of ranked) pool.add(id);
    }
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

  /** The problems (one, with `only`) with their members and what their audit trail says about their text. */
  private async existing(m: EntityManager, only?: string): Promise<ExistingProblem[]> {
    const problems = await m.query<Array<Omit<ExistingProblem, 'needIds' | 'closedRecorded'>>>(
      `SELECT p.id, p.status, p.edited, p.version, p.fingerprint, p.title, p.summary, p.lead_need_id, p.refreshed_at,
              p.dismiss_reason,
              (SELECT e.data->>'titleNeedId' FROM common_problem_events e
                WHERE e.problem_id = p.id AND e.kind IN ('detected', 'refreshed') AND e.data ? 'titleNeedId'
                ORDER BY e.id DESC LIMIT 1) AS title_need_id,
              EXISTS (SELECT 1 FROM common_problem_events e
                       WHERE e.problem_id = p.id AND e.kind = 'edited' AND (e.data ? 'title' OR e.data ? 'summary')
                         AND e.id > COALESCE((SELECT max(g.id) FROM common_problem_events g
                                              WHERE g.problem_id = p.id AND g.kind IN ('detected', 'refreshed')
                                                AND g.data ? 'titleNeedId'), 0)) AS text_written
         FROM common_problems p WHERE ($1::uuid IS NULL OR p.id = $1) ORDER BY p.created_at, p.id`,
      [only ?? null],
    );
    const members = await m.query<Array<{ problem_id: string; need_id: string }>>(
      `SELECT problem_id, need_id FROM common_problem_needs WHERE ($1::uuid IS NULL OR problem_id = $1)
        ORDER BY need_id`,
      [only ?? null],
    );
    const closed = await m.query<Array<{ problem_id: string; need_id: string }>>(
      `SELECT DISTINCT e.problem_id, x AS need_id FROM common_problem_events e,
              jsonb_array_elements_text(e.data->'closedNeedIds') x
        WHERE ($1::uuid IS NULL OR e.problem_id = $1) AND e.data ? 'closedNeedIds'`,
      [only ?? null],
    );
    const byProblem = new Map<string, string[]>();
    for (const r of members) byProblem.set(r.problem_id, [...(byProblem.get(r.problem_id) ?? []), r.need_id]);
    const closedOf = new Map<string, string[]>();
    for (const r of closed) closedOf.set(r.problem_id, [...(closedOf.get(r.problem_id) ?? []), r.need_id]);
    return problems.map((p) => ({
      ...p,
      needIds: byProblem.get(p.id) ?? [],
      closedRecorded: closedOf.get(p.id) ?? [],
    }));
  }

  private async needRows(ids: string[]): Promise<Map<string, NeedRow>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.query<NeedRow[]>(
      `SELECT id, title, status, visibility, district, organization_id, budget_max FROM needs
        WHERE id = ANY($1::uuid[])`,
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
    what: { text: boolean; lead: boolean; fingerprint: string; bump: boolean },
  ): Promise<void> {
    // The lead is written through a look-up: a need deleted since it was read leaves no lead rather than breaking
    // the foreign key.
    await m.query(
      `UPDATE common_problems
          SET shared_terms = $2, sector_keys = $3, cohesion = $4, fingerprint = $5, refreshed_at = now(),
              title = CASE WHEN $6::boolean THEN $7 ELSE title END,
              summary = CASE WHEN $6::boolean THEN $8 ELSE summary END,
              lead_need_id = CASE WHEN $9::boolean THEN (SELECT n.id FROM needs n WHERE n.id = $10::uuid)
                                  ELSE lead_need_id END,
              lead_reason = CASE WHEN $9::boolean THEN $11 ELSE lead_reason END,
              version = version + CASE WHEN $12::boolean THEN 1 ELSE 0 END,
              updated_at = CASE WHEN $12::boolean THEN now() ELSE updated_at END
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
        what.bump,
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
    status: CommonProblemStatus,
    data: Record<string, unknown>,
  ): Promise<void> {
    await m.query(`INSERT INTO common_problem_events (problem_id, kind, to_status, data) VALUES ($1, $2, $3, $4)`, [
      problemId,
      kind,
      status,
      JSON.stringify(data),
    ]);
  }
}

/** A need's specific terms (title, keywords, the sentence that asks), most specific first. */
type LeadSpec = Array<{ term: string; idf: number }>;
