import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { DISTRICTS, type District } from '../../../common/domain/vocabulary.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { CLOSE_REASONS, type CloseReason } from '../../introductions/lifecycle.js';
import { REJECT_REASONS, REJECT_REASON_LABELS, type RejectReason } from '../../matching/reject-reasons.js';
import { ActorView, ExplanationView } from './explanation.dto.js';
import { MATCH_STATUSES, type MatchStatus } from '../../matching/match.entity.js';
import { BANDS, type Band } from '../../matching/ranker/ranker.js';
import { QUEUE_SORTS } from '../queue-cursor.js';

/** How a coordinator's note reaches the parties; shared by the review and transition bodies. */
export const SHARED_NOTE =
  'A coordinator’s note is internal by default: only coordinators read it (in the history, and it is left out of ' +
  'the parties’ notifications, webhooks and e-mails, which then only say that the status changed). `true` shows it ' +
  'to both parties. The parties’ own notes are always seen by both parties and coordinators; they need not set it.';

export class ReviewDto {
  @ApiPropertyOptional({ example: '领域相符，建议对接 / good fit, introduce them', maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note 应为字符串 / note must be a string' })
  @MaxLength(2000, { message: 'note 最多2000字 / note must be at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({ default: false, description: SHARED_NOTE })
  @IsOptional()
  @IsBoolean({ message: 'shared 应为布尔值 / shared must be true or false' })
  shared?: boolean;

  @ApiPropertyOptional({
    enum: MATCH_STATUSES,
    example: 'suggested',
    description: 'The status the reviewer saw; 409 if the match has changed since',
  })
  @IsOptional()
  @IsIn(MATCH_STATUSES, { message: `expectedStatus 应为 ${MATCH_STATUSES.join(', ')} 之一 / unknown status` })
  expectedStatus?: MatchStatus;
}

const REASON_LIST = REJECT_REASONS.map((r) => `${r}（${REJECT_REASON_LABELS[r].split(' / ')[0]}）`).join(', ');

export class RejectDto extends ReviewDto {
  @ApiPropertyOptional({
    enum: REJECT_REASONS,
    example: 'not_relevant',
    description:
      `Why: ${REASON_LIST}. Left out, it is stored as \`other\` (so a bare \`{note}\` still rejects); an explicit ` +
      '`other` needs a `note` saying why.',
  })
  @IsOptional()
  @IsIn(REJECT_REASONS, {
    message: `reason 应为 ${REJECT_REASONS.join(', ')} 之一 / reason must be one of ${REJECT_REASONS.join(', ')}`,
  })
  reason?: RejectReason;
}

/** `a,b` or repeated parameters, as one list without blanks or repeats. */
const splitList = ({ value }: { value: unknown }): unknown => {
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!parts || parts.some((p) => typeof p !== 'string')) return value;
  return [
    ...new Set(
      (parts as string[])
        .flatMap((p) => p.split(','))
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
};

/** Every item one of the bands; the message names the first one that is not. */
function IsBandList(): PropertyDecorator {
  const bad = (v: unknown): string | null => {
    if (!Array.isArray(v)) return JSON.stringify(v) ?? String(v);
    const wrong: unknown = (v as unknown[]).find((b) => !BANDS.includes(b as Band));
    return wrong === undefined ? null : typeof wrong === 'string' ? wrong : JSON.stringify(wrong);
  };
  return ValidateBy({
    name: 'isBandList',
    validator: {
      validate: (v: unknown) => bad(v) === null,
      defaultMessage: (args) => {
        const value = (bad(args?.value) ?? '').slice(0, 40);
        return (
          `band 含未知的置信等级“${value}”，应为 ${BANDS.join(', ')}（可用逗号分隔多个）/ ` +
          `unknown band "${value}": use ${BANDS.join(', ')}, several separated by commas`
        );
      },
    },
  });
}

const SORTS = QUEUE_SORTS;

export class MatchQueueQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MATCH_STATUSES, default: 'suggested' })
  @IsOptional()
  @IsIn(MATCH_STATUSES, { message: `status 应为 ${MATCH_STATUSES.join(', ')} 之一 / unknown status` })
  status?: MatchStatus;

  @ApiPropertyOptional({ example: 'hitech:06', description: 'Need or capability in this sector (or a sub-sector)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sector?: string;

  @ApiPropertyOptional({ enum: DISTRICTS, description: 'Need or capability in this district' })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district?: District;

  @ApiPropertyOptional({ example: 0.3, minimum: 0, maximum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'minScore 应为数字 / minScore must be a number' })
  @Min(0, { message: 'minScore 应在0到1之间 / minScore must be between 0 and 1' })
  @Max(1, { message: 'minScore 应在0到1之间 / minScore must be between 0 and 1' })
  minScore?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'needId 应为需求ID / needId must be a need id' })
  needId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'capabilityId 应为成果ID / capabilityId must be a capability id' })
  capabilityId?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: BANDS,
    example: 'high,medium',
    description:
      'Confidence band: one or several, comma-separated (or the parameter repeated). Matches from before bands have ' +
      'none and are left out by this filter. 400 names an unknown band.',
  })
  @IsOptional()
  @Transform(splitList)
  @IsBandList()
  band?: Band[];

  @ApiPropertyOptional({
    enum: SORTS,
    default: '-score',
    description:
      'Best first by default; `band`: high, medium, low (then matches without a band), best first within each',
  })
  @IsOptional()
  @IsIn(SORTS, { message: `sort 应为 ${SORTS.join(', ')} 之一 / sort must be one of ${SORTS.join(', ')}` })
  sort?: (typeof SORTS)[number];

  @ApiPropertyOptional({
    description:
      'Keyset paging: the `nextCursor` of the page before, with the same filters and `sort` (400 naming `cursor` for ' +
      'a cursor of another sort, or not one). The page after that one, read from where it ended: as fast deep in ' +
      'the queue as at its start, and while suggestions arrive or are reviewed, no row is shown twice or skipped ' +
      '(a re-scored suggestion moves to its new place). `page` is then ignored; the answer’s `page` counts on.',
  })
  @IsOptional()
  @IsString({ message: 'cursor 应为字符串 / cursor must be a string' })
  @MaxLength(500, { message: 'cursor 无效 / not a cursor' })
  cursor?: string;
}

export class ListingMatchesQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit 应为整数 / limit must be a whole number' })
  @Min(1, { message: 'limit 应在1到100之间 / limit must be between 1 and 100' })
  @Max(100, { message: 'limit 应在1到100之间 / limit must be between 1 and 100' })
  limit: number = 20;

  @ApiPropertyOptional({ enum: MATCH_STATUSES })
  @IsOptional()
  @IsIn(MATCH_STATUSES, { message: `status 应为 ${MATCH_STATUSES.join(', ')} 之一 / unknown status` })
  status?: MatchStatus;
}

export class ContactView {
  @ApiProperty({ nullable: true, type: String, example: '王主任' })
  person: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0451-86400000' })
  phone: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'tto@example.edu.cn' })
  email: string | null;
}

export class CounterpartView {
  @ApiProperty({
    example: '示例理工大学',
    nullable: true,
    type: String,
    description: 'Null for the capability side of a restricted need until the introduction',
  })
  organizationName: string | null;
  @ApiProperty({ type: ContactView, nullable: true, description: 'Null until the match is introduced' })
  contact: ContactView | null;
}

const HIDDEN =
  'A restricted need, seen from the capability side before the introduction, is a placeholder: its title says so, ' +
  'description is empty, sectors and keywords are empty, and district, organizationId and organizationName are null.';

/**
 * One side of a match. For a restricted need seen from the capability side before the introduction (PRODUCT.md),
 * only its opaque id and a placeholder title are given (kind and status are null too).
 */
export class ListingSummary {
  @ApiProperty() id: string;
  @ApiProperty({
    example: 'achievement',
    nullable: true,
    type: String,
    description: 'Null for a hidden restricted need',
  })
  kind: string | null;
  @ApiProperty({ example: '耐低温锂离子电池电解液', description: HIDDEN }) title: string;
  @ApiProperty({ example: '新型电解液配方……' }) description: string;
  @ApiProperty({ type: [String], example: ['hitech:0603'] }) sectors: string[];
  @ApiProperty({ type: [String], example: ['电解液'] }) keywords: string[];
  @ApiProperty({ example: '南岗', nullable: true, type: String, description: 'Null for a hidden restricted need' })
  district: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null for a hidden restricted need' })
  organizationId: string | null;
  @ApiProperty({
    example: '示例理工大学',
    nullable: true,
    type: String,
    description: 'Null for a hidden restricted need',
  })
  organizationName: string | null;
  @ApiProperty({ example: 'active', nullable: true, type: String, description: 'Null for a hidden restricted need' })
  status: string | null;
}

export class CapacityView {
  @ApiProperty({ nullable: true, type: Number, example: 3, description: 'Null: no limit' }) max: number | null;
  @ApiProperty({ example: 1, description: 'Approved, introduced or negotiating now' }) active: number;
  @ApiProperty({ example: false, description: 'No room for another approval or introduction' }) full: boolean;
}

export class ContractView {
  @ApiProperty({ example: 'license' }) mode: string;
  @ApiProperty({ example: 800000 }) amountCny: number;
  @ApiProperty({ example: '2026-11-20' }) signedOn: string;
  @ApiProperty({ nullable: true, type: String, example: '2026230103000123' }) registrationNo: string | null;
}

export class MatchView {
  @ApiProperty() id: string;
  @ApiProperty() needId: string;
  @ApiProperty() capabilityId: string;
  @ApiProperty({ example: 0.73, minimum: 0, maximum: 1 }) score: number;
  @ApiProperty({ example: 1 }) rank: number;
  @ApiProperty({ enum: MATCH_STATUSES, example: 'suggested' }) status: MatchStatus;
  @ApiProperty({
    enum: BANDS,
    nullable: true,
    example: 'high',
    description:
      'The measured confidence band of the suggestion. Null on matches scored before bands, and for the capability ' +
      'side of a restricted need until the introduction.',
  })
  band: Band | null;
  @ApiProperty({
    enum: REJECT_REASONS,
    nullable: true,
    example: null,
    description: 'Why a coordinator rejected it (rejected matches only; null on rejections from before reasons)',
  })
  rejectReason: RejectReason | null;
  @ApiProperty({
    type: ExplanationView,
    nullable: true,
    description:
      'How the score was made: `summary` ({zh, en}: why this pair, and why not higher), `band`, the ranker ' +
      '(`ranker.contributions`: each feature’s part, with labelZh and labelEn), `associations` (vocabulary bridges ' +
      'between the need’s and the capability’s terms), `duplicates` (identical listings collapsed into this one), the ' +
      'keyword part (terms that met, with weights), sector part (codes that met, inferred ones marked), factors. ' +
      'Matches scored before bands lack summary, band, ranker, associations and duplicates. ' +
      'Null for the capability side of a restricted need until the introduction: all of it comes from the hidden need.',
    example: {
      algorithmVersion: 'tm-2026.12.1',
      score: 0.73,
      summary: {
        zh: '需求的“锂电池低温”与成果的“电解液”技术对口，领域相同；技术就绪度略低，故未列为高。',
        en: 'The need’s cold-weather lithium battery problem meets the electrolyte; same sector; a lower TRL keeps it from high.',
      },
      band: 'medium',
      ranker: {
        version: 'rk-2026.12.1',
        probability: 0.73,
        features: { keyword: 0.64, sector: 1, trl: 0.8 },
        contributions: [
          { feature: 'keyword', labelZh: '关键词', labelEn: 'keywords', value: 0.64, contribution: 1.2 },
          { feature: 'trl', labelZh: '技术就绪度', labelEn: 'TRL', value: 0.8, contribution: -0.3 },
        ],
      },
      associations: [{ needTerm: '锂电池', capabilityTerm: '电解液', strength: 0.62 }],
      duplicates: { count: 2, capabilityIds: ['5f0c6a52-3f0e-4a55-9b4e-2f8f3c1d7a10'] },
      keyword: { score: 0.64, weight: 0.7, terms: [{ term: '电解液', weight: 5.2, contribution: 0.31 }] },
      sector: {
        score: 1,
        weight: 0.3,
        matched: [{ need: 'hitech:0603', capability: 'hitech:0603', relation: 'same', credit: 1 }],
        inferred: [],
      },
      factors: {
        kind: { value: 1, reason: '…' },
        cooperation: { value: 1, reason: '…' },
        trl: { value: 0.97, reason: '…' },
        location: { value: 1, reason: '…' },
      },
    },
  })
  explanation: unknown;
  @ApiProperty({ example: 'tm-2026.11.1' }) algorithmVersion: string;
  @ApiProperty({ example: 1, description: 'Changes with every status change' }) version: number;
  @ApiProperty({ type: ListingSummary }) need: ListingSummary;
  @ApiProperty({ type: ListingSummary }) capability: ListingSummary;
  @ApiPropertyOptional({
    type: CounterpartView,
    description: 'The other party, from the point of view of the listing asked about (a listing’s matches only)',
  })
  counterpart?: CounterpartView;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt: Date | null;
  @ApiProperty({ type: CapacityView, description: 'The capability’s introductions at once (maxActiveIntroductions)' })
  capacity: CapacityView;
  @ApiProperty({ nullable: true, type: Date }) introducedAt: Date | null;
  @ApiProperty({ type: ContractView, nullable: true, description: 'Once contracted' })
  contract: ContractView | null;
  @ApiProperty({ nullable: true, type: String, enum: CLOSE_REASONS, description: 'Once closed without a deal' })
  closeReason: CloseReason | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The coordinator’s closing note; null for the parties unless the coordinator shared it',
  })
  closeNote: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When contracted or closed' }) closedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class MatchList {
  @ApiProperty({ type: [MatchView] })
  items: MatchView[];
}

export class MatchPage {
  @ApiProperty({ type: [MatchView] }) items: MatchView[];
  @ApiProperty({ example: 120, description: 'Every match the filters select (exact)' }) total: number;
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'eyJzIjoiLXNjb3JlIiwiayI6WzAuNzMsMSwiNWYwYzZhNTItM2YwZS00YTU1LTliNGUtMmY4ZjNjMWQ3YTEwIl0sInAiOjJ9',
    description: 'The next page: pass it as `cursor` (keyset paging). Null on the last page.',
  })
  nextCursor: string | null;
}

export class HistoryItem {
  @ApiProperty({ example: '2026-11-27T08:00:00.000Z' }) at: Date;
  @ApiProperty({
    type: ActorView,
    nullable: true,
    example: { id: '5f0c6a52-3f0e-4a55-9b4e-2f8f3c1d7a10', name: '李协调', role: 'coordinator' },
    description: 'Null for the matching engine',
  })
  actor: { id: string; name: string; role: string } | null;
  @ApiProperty({ enum: MATCH_STATUSES, nullable: true, example: 'suggested' }) from: MatchStatus | null;
  @ApiProperty({ enum: MATCH_STATUSES, example: 'approved' }) to: MatchStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '推荐对接',
    description: 'Null for the parties when a coordinator wrote it without sharing it',
  })
  note: string | null;
  @ApiProperty({
    enum: REJECT_REASONS,
    nullable: true,
    description: 'On the rejection: its reason (the note then starts with its label, e.g. “技术不对口 / not relevant”)',
  })
  rejectReason: RejectReason | null;
  @ApiProperty({ enum: ['status', 'note'], description: 'A status change, or a progress note (from = to)' })
  kind: 'status' | 'note';
  @ApiProperty({
    example: false,
    description: 'Whether the parties read the note: their own notes always, a coordinator’s when marked shared',
  })
  shared: boolean;
}

export class HistoryList {
  @ApiProperty({ type: [HistoryItem] }) items: HistoryItem[];
}

export class MatchCountsQuery {
  @ApiPropertyOptional({
    type: [String],
    description: 'Needs to count for (repeat the parameter or separate by commas), at most 100',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(100, { message: 'needIds 最多100个 / at most 100 ids' })
  @IsUUID('all', { each: true, message: 'needIds 应为需求ID / needIds must be need ids' })
  needIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Capabilities to count for, at most 100' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(100, { message: 'capabilityIds 最多100个 / at most 100 ids' })
  @IsUUID('all', { each: true, message: 'capabilityIds 应为成果ID / capabilityIds must be capability ids' })
  capabilityIds?: string[];
}

export class MatchCounts {
  @ApiProperty() id: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { approved: 2, introduced: 1 },
    description: 'Matches by status, among those the caller may see',
  })
  counts: Record<string, number>;
}

export class MatchCountList {
  @ApiProperty({ type: [MatchCounts] }) items: MatchCounts[];
}

export const RANKING_STATES = ['pending', 'no_suitable_match', 'suggested'] as const;
export type RankingState = (typeof RANKING_STATES)[number];

export class NeedRankingView {
  @ApiProperty({
    enum: RANKING_STATES,
    example: 'no_suitable_match',
    description:
      '`pending`: the need as it is now has not been ranked yet (so after every edit until the worker has ranked it, ' +
      'and always for a paused or closed need, which is not matched); `no_suitable_match` (暂无合适匹配): the last ' +
      'full ranking found nothing above the relevance floor and the need has no suggestion now; `suggested`: otherwise.',
  })
  state: RankingState;
  @ApiProperty({ nullable: true, type: Date, description: 'When the need was last ranked in full; null: never' })
  rankedAt: Date | null;
  @ApiProperty({ example: 0, description: 'How many suggestions that ranking wrote' })
  suggestions: number;
  @ApiProperty({
    example: 3,
    description:
      'How many near misses (closest below the floor) it kept that are still listed: GET /needs/{id}/near-misses',
  })
  nearMisses: number;
  @ApiProperty({
    nullable: true,
    type: Date,
    description:
      'When the catalogue last changed (a capability posted, edited or withdrawn): needs are re-checked then',
  })
  catalogueChangedAt: Date | null;
}

export class NeedMatchList extends MatchList {
  @ApiProperty({ type: NeedRankingView, description: 'Where the need’s matching stands (暂无合适匹配 and others)' })
  ranking: NeedRankingView;
}

export class BilingualText {
  @ApiProperty({ example: '关键词部分相符，但领域不同，低于推荐门槛。' }) zh: string;
  @ApiProperty({ example: 'Some terms meet, but the sectors differ: below the floor.' }) en: string;
}

export class NearMissItem {
  @ApiProperty() capabilityId: string;
  @ApiProperty({ example: '耐低温锂离子电池电解液' }) title: string;
  @ApiProperty({ example: 'achievement' }) kind: string;
  @ApiProperty({ example: '示例理工大学' }) organizationName: string;
  @ApiProperty({ example: 0.21, minimum: 0, maximum: 1 }) score: number;
  @ApiProperty({ type: BilingualText, description: 'Why it came close, and why it stayed below the floor' })
  summary: BilingualText;
}

export class NearMissList {
  @ApiProperty({
    type: [NearMissItem],
    description: 'Closest first, at most 5; capabilities since withdrawn or deleted are left out',
  })
  items: NearMissItem[];
  @ApiProperty({ nullable: true, type: Date, description: 'When the ranking that found them ran; null: never ranked' })
  rankedAt: Date | null;
}
