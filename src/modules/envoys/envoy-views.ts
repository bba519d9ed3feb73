import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { todayInHarbin } from '../../common/domain/dates.js';
import { notFound } from '../../common/errors/app-errors.js';
import type { AuthUser } from '../auth/auth-user.js';
import { isCoordinator } from '../auth/auth-user.js';
import type { AgreementView, NominationView, PostView } from './dto/envoys.dto.js';
import { agreementSide, isEnvoy, nominationSide } from './envoy-access.js';
import {
  LIVE,
  nominationRow,
  orgsById,
  postRow,
  type AgreementRow,
  type NominationRow,
  type PostRow,
} from './envoy-rows.js';
import {
  AGREEMENT_NEXT,
  AGREEMENT_STATUS_LABELS,
  NOMINATION_STATUS_LABELS,
  POST_KIND_LABELS,
  POST_STATUS_LABELS,
  allowedNominationActions,
  mayEvaluate,
  takesLogs,
  userPostSteps,
  writableLogMonths,
} from './lifecycle.js';

/**
 * Rows → the views the API returns, as the caller sees them: counts, labels, the caller's role or side and the steps
 * open to it. Batched per page (one query per joined table, not per row).
 */
@Injectable()
export class EnvoyViews {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async postViews(m: EntityManager, user: AuthUser, rows: PostRow[]): Promise<PostView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const orgs = await orgsById(m, [...new Set(rows.map((r) => r.organization_id))]);
    const names = new Map(
      (
        await m.query<Array<{ ref: string; name: string }>>(
          `SELECT scheme || ':' || code AS ref, name_zh AS name FROM taxonomy_codes WHERE scheme || ':' || code = ANY($1::text[])`,
          [[...new Set(rows.map((r) => r.field))]],
        )
      ).map((r) => [r.ref, r.name]),
    );
    const counts = new Map(
      (
        await m.query<Array<{ post_id: string; all: number; mine: number; active: number }>>(
          `SELECT p.id AS post_id,
                  (SELECT count(*)::int FROM secondment_nominations n WHERE n.post_id = p.id AND n.status IN ${LIVE}) AS all,
                  (SELECT count(*)::int FROM secondment_nominations n WHERE n.post_id = p.id AND n.status IN ${LIVE}
                      AND n.nominating_organization_id = $2) AS mine,
                  (SELECT count(*)::int FROM secondment_agreements a WHERE a.post_id = p.id AND a.status = 'active') AS active
             FROM secondment_posts p WHERE p.id = ANY($1::uuid[])`,
          [ids, user.organizationId],
        )
      ).map((c) => [c.post_id, c]),
    );
    return rows.map((r) => {
      const c = counts.get(r.id);
      const role = isCoordinator(user)
        ? 'coordinator'
        : r.organization_id === user.organizationId
          ? 'owner'
          : c?.mine
            ? 'nominator'
            : 'other';
      const manages = role === 'coordinator' || role === 'owner';
      return {
        id: r.id,
        organization: orgs.get(r.organization_id)!,
        kind: r.kind,
        kindLabel: POST_KIND_LABELS[r.kind],
        title: r.title,
        field: r.field,
        fieldName: names.get(r.field) ?? null,
        tasks: r.tasks,
        keywords: r.keywords,
        termMonths: r.term_months,
        district: r.district,
        address: r.address,
        support: r.support,
        positions: r.positions,
        status: r.status,
        statusLabel: POST_STATUS_LABELS[r.status],
        closedReason: r.closed_reason,
        nominations: manages ? (c?.all ?? 0) : (c?.mine ?? 0),
        activeAgreements: c?.active ?? 0,
        viewerRole: role,
        allowedTransitions: manages ? userPostSteps(r.status) : [],
        openedAt: r.opened_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  async nominationView(user: AuthUser, id: string): Promise<NominationView> {
    const n = await nominationRow(this.dataSource.manager, id);
    const post = n && (await postRow(this.dataSource.manager, n.post_id));
    if (!n || !post) throw notFound('推荐');
    return (await this.nominationViews(user, post, [n]))[0];
  }

  async nominationViews(user: AuthUser, post: PostRow, rows: NominationRow[]): Promise<NominationView[]> {
    if (!rows.length) return [];
    const m = this.dataSource.manager;
    const orgs = await orgsById(m, [...new Set(rows.map((r) => r.nominating_organization_id))]);
    const caps = new Map(
      (
        await m.query<Array<{ id: string; title: string; kind: string }>>(
          `SELECT id, title, kind FROM capabilities WHERE id = ANY($1::uuid[])`,
          [rows.map((r) => r.capability_id).filter(Boolean)],
        )
      ).map((c) => [c.id, c]),
    );
    const agreements = new Map(
      (
        await m.query<Array<{ id: string; nomination_id: string }>>(
          `SELECT id, nomination_id FROM secondment_agreements WHERE nomination_id = ANY($1::uuid[])`,
          [rows.map((r) => r.id)],
        )
      ).map((a) => [a.nomination_id, a.id]),
    );
    return rows.map((n) => {
      const side = nominationSide(user, post, n);
      return {
        id: n.id,
        postId: n.post_id,
        nominatingOrganization: orgs.get(n.nominating_organization_id)!,
        nomineeUserId: n.nominee_user_id,
        capability: n.capability_id ? (caps.get(n.capability_id) ?? null) : null,
        nomineeName: n.nominee_name,
        statement: n.statement,
        status: n.status,
        statusLabel: NOMINATION_STATUS_LABELS[n.status],
        enterpriseAcceptedAt: n.enterprise_accepted_at,
        nomineeAcceptedAt: n.nominee_accepted_at,
        declineReason: n.decline_reason,
        agreementId: agreements.get(n.id) ?? null,
        viewerSide: side,
        allowedActions: side === 'other' ? [] : allowedNominationActions(side, n.status),
        createdAt: n.created_at,
      };
    });
  }

  async agreementView(user: AuthUser, a: AgreementRow, full: boolean): Promise<AgreementView> {
    const m = this.dataSource.manager;
    const side = agreementSide(user, a)!;
    const orgs = await orgsById(m, [a.post_organization_id, a.nominating_organization_id]);
    const today = todayInHarbin();
    const [evaluation] = await m.query<
      Array<{ rating: number; comment: string; would_renew: boolean; evaluated_by: string | null; created_at: Date }>
    >(`SELECT rating, comment, would_renew, evaluated_by, created_at FROM envoy_evaluations WHERE agreement_id = $1`, [
      a.id,
    ]);
    const actions: string[] = [];
    const signed = side === 'enterprise' ? a.enterprise_signed_at : side === 'provider' ? a.provider_signed_at : true;
    if (a.status === 'draft' && !signed) actions.push('sign');
    // The months the caller may write now: the envoy's, while the agreement takes logs (see putLog).
    const logMonths =
      isEnvoy(user, a) && takesLogs(a.status, !!a.activated_at)
        ? writableLogMonths({
            startsOn: a.starts_on,
            endsOn: a.ends_on,
            today,
            endedOn: a.status === 'active' ? null : a.ended_on,
          })
        : [];
    if (logMonths.length) actions.push('log');
    if (side === 'enterprise' && !evaluation && mayEvaluate(a.status, a.ends_on, today, !!a.activated_at)) {
      actions.push('evaluate');
    }
    if (AGREEMENT_NEXT[a.status].includes('terminated')) actions.push('terminate');
    const view: AgreementView = {
      id: a.id,
      nominationId: a.nomination_id,
      post: { id: a.post_id, title: a.post_title, kind: a.post_kind, organization: orgs.get(a.post_organization_id)! },
      nominatingOrganization: orgs.get(a.nominating_organization_id)!,
      nomineeName: a.nominee_name,
      nomineeUserId: a.nominee_user_id,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      terms: a.terms,
      status: a.status,
      statusLabel: AGREEMENT_STATUS_LABELS[a.status],
      enterpriseSignedAt: a.enterprise_signed_at,
      providerSignedAt: a.provider_signed_at,
      terminationReason: a.termination_reason,
      activatedAt: a.activated_at,
      endedAt: a.ended_at,
      viewerSide: side,
      allowedActions: actions,
      logMonths,
      createdAt: a.created_at,
    };
    if (full) {
      const logs = await m.query<
        Array<{
          month: string;
          author_id: string | null;
          summary: string;
          hours: number;
          achievements: string;
          updated_at: Date;
        }>
      >(
        `SELECT to_char(month, 'YYYY-MM') AS month, author_id, summary, hours, achievements, updated_at
           FROM envoy_work_logs WHERE agreement_id = $1 ORDER BY month`,
        [a.id],
      );
      view.logs = logs.map((l) => ({
        month: l.month,
        authorId: l.author_id,
        summary: l.summary,
        hours: l.hours,
        achievements: l.achievements,
        editable: l.author_id === user.id && logMonths.includes(l.month),
        updatedAt: l.updated_at,
      }));
      view.evaluation = evaluation
        ? {
            rating: evaluation.rating,
            comment: evaluation.comment,
            wouldRenew: evaluation.would_renew,
            evaluatedBy: evaluation.evaluated_by,
            createdAt: evaluation.created_at,
          }
        : null;
    }
    return view;
  }
}
