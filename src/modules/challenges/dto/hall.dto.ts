import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageMeta } from '../../../common/pagination/pagination.js';
import { PUBLIC_CHALLENGE_STATUSES, type ChallengeStatus } from '../lifecycle.js';
import {
  ChallengeQuery,
  ChallengeSummary,
  CriteriaWeightsDto,
  EligibilityView,
  FundingSourceView,
  IndicatorView,
  MilestoneView,
} from './challenge.dto.js';

/** The signed-in list's filters, with the status limited to the public ones. */
export class HallChallengesQuery extends OmitType(ChallengeQuery, ['status'] as const) {
  @ApiPropertyOptional({ enum: PUBLIC_CHALLENGE_STATUSES })
  @IsOptional()
  @IsIn(PUBLIC_CHALLENGE_STATUSES, { message: 'status 应为公开状态之一 / status must be a public status' })
  status?: ChallengeStatus;
}

export class HallOrganization {
  @ApiProperty()
  name: string;
  @ApiProperty()
  kind: string;
  @ApiProperty()
  district: string;
}

/** A challenge in the public list: as ChallengeSummary, but the issuer without its id (as in the other halls). */
export class HallChallengeSummary extends OmitType(ChallengeSummary, ['issuer'] as const) {
  @ApiProperty({ type: HallOrganization, description: 'Name, kind and district; no id (as in the other halls)' })
  issuer: HallOrganization;
}

export class HallChallengePage extends PageMeta {
  @ApiProperty({ type: [HallChallengeSummary] })
  items: HallChallengeSummary[];
}

export class HallConsortiumMember {
  @ApiProperty()
  name: string;
  @ApiProperty()
  role: string;
  @ApiProperty()
  isLead: boolean;
}

export class HallWinner {
  @ApiProperty()
  applicationId: string;
  @ApiProperty({ description: 'The lead organisation' })
  lead: string;
  @ApiProperty({ type: [HallConsortiumMember] })
  consortium: HallConsortiumMember[];
  @ApiProperty({ description: 'The application’s title' })
  title: string;
}

export class HallObjection {
  @ApiProperty({ example: '2027-04-09', description: 'Objections are accepted until the end of this day (Harbin)' })
  until: string;
  @ApiProperty({ description: 'How to object' })
  how: string;
}

export class HallChallengeDetail {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: PUBLIC_CHALLENGE_STATUSES })
  status: ChallengeStatus;
  @ApiProperty()
  statusLabel: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  problem: string;
  @ApiProperty({ type: HallOrganization })
  issuer: HallOrganization;
  @ApiProperty({ type: [String] })
  sectorKeys: string[];
  @ApiProperty({ type: [String] })
  keywords: string[];
  @ApiProperty({ type: [IndicatorView] })
  indicators: IndicatorView[];
  @ApiProperty()
  fundingTotalYuan: number;
  @ApiProperty({ type: [FundingSourceView] })
  fundingSources: FundingSourceView[];
  @ApiProperty({ type: EligibilityView })
  eligibility: EligibilityView;
  @ApiProperty()
  applicationDeadline: Date;
  @ApiProperty()
  open: boolean;
  @ApiProperty()
  ipTerms: string;
  @ApiProperty()
  multipleWinners: boolean;
  @ApiProperty()
  maxWinners: number;
  @ApiProperty({ type: CriteriaWeightsDto })
  criteriaWeights: CriteriaWeightsDto;
  @ApiProperty({ type: [MilestoneView] })
  milestones: MilestoneView[];
  @ApiProperty({ nullable: true, type: Date })
  publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'In notice: its last day' })
  noticeEndsOn: string | null;
  @ApiProperty({
    type: [HallWinner],
    description: 'In notice: the intended winners (拟揭榜); once awarded: the winners. Empty before.',
  })
  winners: HallWinner[];
  @ApiProperty({ type: HallObjection, nullable: true, description: 'In notice: how to object, and until when' })
  objections: HallObjection | null;
  @ApiProperty({ nullable: true, type: String })
  closeReason: string | null;
}
