import type { FieldError } from '../../common/errors/error-body.js';
import { todayInHarbin } from '../../common/domain/dates.js';
import type { District, OrganizationKind } from '../../common/domain/vocabulary.js';
import { ORGANIZATION_KIND_LABELS } from '../../common/domain/vocabulary.js';
import { CRITERIA, type CriteriaWeights, type Eligibility, type FundingSource } from './challenge.entity.js';

// The rules a challenge and an application must keep, as pure functions: each problem names its field.

export interface ChallengeTerms {
  fundingTotalYuan: number;
  fundingSources: FundingSource[];
  eligibility: Eligibility;
  applicationDeadline: Date;
  multipleWinners: boolean;
  maxWinners: number;
  criteriaWeights: CriteriaWeights;
  milestones: Array<{ title: string; dueOn: string; sharePct: number }>;
}

/** The Harbin calendar day of an instant. */
export const harbinDay = (d: Date): string => todayInHarbin(d);

export function checkChallengeTerms(c: ChallengeTerms, opts: { deadlineChanged: boolean }): FieldError[] {
  const errors: FieldError[] = [];
  const sum = c.fundingSources.reduce((s, f) => s + f.amountYuan, 0);
  if (sum !== c.fundingTotalYuan) {
    errors.push({
      field: 'fundingSources',
      message: `资金来源合计 ${sum} 元，应等于榜额 ${c.fundingTotalYuan} 元 / funding sources sum to ${sum} yuan, not the total ${c.fundingTotalYuan}`,
    });
  }
  const e = c.eligibility;
  if (e.minTeamSize !== null && e.maxTeamSize !== null && e.maxTeamSize < e.minTeamSize) {
    errors.push({
      field: 'eligibility.maxTeamSize',
      message: '团队最多人数不能少于最少人数 / maxTeamSize cannot be below minTeamSize',
    });
  }
  if (!c.multipleWinners && c.maxWinners !== 1) {
    errors.push({
      field: 'maxWinners',
      message:
        '只有允许多个团队揭榜（multipleWinners）时，maxWinners 才能大于1 / maxWinners above 1 needs multipleWinners',
    });
  }
  if (c.multipleWinners && c.maxWinners < 2) {
    errors.push({
      field: 'maxWinners',
      message: '允许多个团队揭榜时，maxWinners 至少为2 / with multipleWinners, maxWinners must be at least 2',
    });
  }
  const weights = CRITERIA.reduce((s, k) => s + (c.criteriaWeights[k] ?? 0), 0);
  if (weights !== 100) {
    errors.push({
      field: 'criteriaWeights',
      message: `评审权重合计应为100，现为 ${weights} / criteria weights must sum to 100, not ${weights}`,
    });
  }
  const deadline = c.applicationDeadline;
  if (opts.deadlineChanged && !(deadline.getTime() > Date.now())) {
    errors.push({
      field: 'applicationDeadline',
      message: '申报截止时间应在将来 / the application deadline must be in the future',
    });
  }
  const shares = c.milestones.reduce((s, m) => s + m.sharePct, 0);
  if (shares !== 100) {
    errors.push({
      field: 'milestones',
      message: `验收节点拨付比例合计应为100，现为 ${shares} / milestone shares must sum to 100, not ${shares}`,
    });
  }
  const deadlineDay = harbinDay(deadline);
  c.milestones.forEach((m, i) => {
    if (m.dueOn <= deadlineDay) {
      errors.push({
        field: `milestones[${i}].dueOn`,
        message: `验收日期应晚于申报截止日（${deadlineDay}）/ a milestone is due after the application deadline (${deadlineDay})`,
      });
    } else if (i > 0 && m.dueOn < c.milestones[i - 1].dueOn) {
      errors.push({
        field: `milestones[${i}].dueOn`,
        message: '验收节点应按日期先后排列 / milestones go in date order',
      });
    }
  });
  return errors;
}

export interface ApplicantOrg {
  id: string;
  name: string;
  kind: OrganizationKind;
  district: District;
}

/** One failed eligibility rule: `rule` names it, `field` the part of the application or challenge it concerns. */
export interface EligibilityProblem extends FieldError {
  rule: 'organization_kind' | 'district' | 'outside' | 'trl' | 'team_size';
}

const kinds = (list: readonly OrganizationKind[]) => list.map((k) => ORGANIZATION_KIND_LABELS[k]).join('、');

/**
 * The challenge's eligibility against an application: the lead's and every member's kind, the lead's district (or
 * outside Harbin), the TRL and the team size. Empty: eligible.
 */
export function checkEligibility(
  e: Eligibility,
  lead: ApplicantOrg,
  members: ApplicantOrg[],
  a: { trl: number; teamSize: number },
): EligibilityProblem[] {
  const out: EligibilityProblem[] = [];
  if (!e.organizationKinds.includes(lead.kind)) {
    out.push({
      field: 'organizationKind',
      rule: 'organization_kind',
      message: `不符合揭榜条件：单位类型。本榜只接受 ${kinds(e.organizationKinds)}，贵单位（${lead.name}）为 ${ORGANIZATION_KIND_LABELS[lead.kind]} / not eligible: organisation kind (${lead.kind} is not among ${e.organizationKinds.join(', ')})`,
    });
  }
  members.forEach((m, i) => {
    if (!e.organizationKinds.includes(m.kind)) {
      out.push({
        field: `members[${i}].organizationId`,
        rule: 'organization_kind',
        message: `不符合揭榜条件：联合体成员 ${m.name} 的单位类型（${ORGANIZATION_KIND_LABELS[m.kind]}）不在 ${kinds(e.organizationKinds)} 之列 / not eligible: member ${m.name} is a ${m.kind}`,
      });
    }
  });
  if (lead.district === 'outside') {
    if (!e.allowOutside) {
      out.push({
        field: 'district',
        rule: 'outside',
        message:
          '不符合揭榜条件：地域。本榜只接受哈尔滨市内单位牵头 / not eligible: location (the lead must be in Harbin)',
      });
    }
  } else if (e.districts.length && !e.districts.includes(lead.district)) {
    out.push({
      field: 'district',
      rule: 'district',
      message: `不符合揭榜条件：地域。牵头单位须位于 ${e.districts.join('、')}，贵单位位于 ${lead.district} / not eligible: district (the lead must be in ${e.districts.join(', ')})`,
    });
  }
  if (e.minTrl !== null && a.trl < e.minTrl) {
    out.push({
      field: 'trl',
      rule: 'trl',
      message: `不符合揭榜条件：技术成熟度。本榜要求 TRL ≥ ${e.minTrl}，申请为 ${a.trl} / not eligible: TRL ${a.trl} is below ${e.minTrl}`,
    });
  }
  if (e.minTeamSize !== null && a.teamSize < e.minTeamSize) {
    out.push({
      field: 'teamSize',
      rule: 'team_size',
      message: `不符合揭榜条件：团队规模。本榜要求至少 ${e.minTeamSize} 人，申请为 ${a.teamSize} 人 / not eligible: a team of ${a.teamSize} is below ${e.minTeamSize}`,
    });
  }
  if (e.maxTeamSize !== null && a.teamSize > e.maxTeamSize) {
    out.push({
      field: 'teamSize',
      rule: 'team_size',
      message: `不符合揭榜条件：团队规模。本榜要求至多 ${e.maxTeamSize} 人，申请为 ${a.teamSize} 人 / not eligible: a team of ${a.teamSize} is above ${e.maxTeamSize}`,
    });
  }
  return out;
}
