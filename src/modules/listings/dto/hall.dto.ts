import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  CAPABILITY_KINDS,
  COOPERATION_MODES,
  DISTRICTS,
  IP_STATUSES,
  NEED_KINDS,
  ORGANIZATION_KINDS,
  type CapabilityKind,
  type CooperationMode,
  type District,
  type IpStatus,
  type NeedKind,
  type OrganizationKind,
} from '../../../common/domain/vocabulary.js';
import { LISTING_SORTS, type ListingSort } from '../../../common/listing/listing-repository.js';
import { PageMeta, PageQuery } from '../../../common/pagination/pagination.js';
import { IsSearchable } from '../../../common/validation/decorators.js';

/** What the halls filter on: search words, a sector (and its sub-sectors), a district. */
class HallQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '锂电池 回收',
    description:
      'Search words: every word must be found in the title, keywords or description, as the matching engine ' +
      'segments and normalises them (锂电池 also finds 锂离子电池). Blank means no search.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q 最多100字 / q must be at most 100 characters' })
  @IsSearchable()
  q?: string;

  @ApiPropertyOptional({ example: 'hitech:06', description: 'A sector `scheme:code`; also finds its sub-sectors' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'sector 过长 / sector is too long' })
  sector?: string;

  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @IsIn(DISTRICTS, { message: 'district 应为哈尔滨的区县市或 outside / district must be a Harbin district or outside' })
  district?: District;

  @ApiPropertyOptional({
    enum: LISTING_SORTS,
    description: '`relevance` (best match first; the default with `q`) or `newest` (the default without `q`)',
  })
  @IsOptional()
  @IsIn(LISTING_SORTS, { message: 'sort 应为 relevance 或 newest / sort must be relevance or newest' })
  sort?: ListingSort;
}

export class HallNeedsQuery extends HallQuery {
  @ApiPropertyOptional({ enum: NEED_KINDS })
  @IsOptional()
  @IsIn(NEED_KINDS, { message: 'kind 无效 / unknown kind' })
  kind?: NeedKind;
}

export class HallCapabilitiesQuery extends HallQuery {
  @ApiPropertyOptional({ enum: CAPABILITY_KINDS })
  @IsOptional()
  @IsIn(CAPABILITY_KINDS, { message: 'kind 无效 / unknown kind' })
  kind?: CapabilityKind;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Technology readiness level (技术成熟度), exactly' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'trl 应为 1–9 的整数 / trl must be a whole number from 1 to 9' })
  @Min(1, { message: 'trl 应为 1–9 的整数 / trl must be a whole number from 1 to 9' })
  @Max(9, { message: 'trl 应为 1–9 的整数 / trl must be a whole number from 1 to 9' })
  trl?: number;
}

/** A text and the spans of it that met the search words: [start, end) in UTF-16 code units, as JavaScript counts. */
export class MarkedTextView {
  @ApiProperty({ example: '废旧锂电池回收与再生利用' })
  text: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
    example: [[2, 5]],
    description: 'Marked spans, in order, not overlapping: [start, end)',
  })
  marks: Array<[number, number]>;
}

export class HallOrganizationView {
  @ApiProperty({ example: '示例新能源科技有限公司' })
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: OrganizationKind;
}

class HallListingView {
  @ApiProperty({ example: '3d1f0c4e-8a2b-4c6d-9e1f-2a3b4c5d6e7f' })
  id: string;

  @ApiProperty({ type: MarkedTextView, description: 'The title, with the search words marked' })
  title: MarkedTextView;

  @ApiProperty({
    type: MarkedTextView,
    description: 'About 120 characters of the description around the first search word (its start without q)',
  })
  snippet: MarkedTextView;

  @ApiProperty({ type: [String], example: ['hitech:0601'] })
  sectors: string[];

  @ApiProperty({ type: [String], example: ['锂电池', '回收'] })
  keywords: string[];

  @ApiProperty({ enum: DISTRICTS })
  district: District;

  @ApiProperty({ enum: COOPERATION_MODES, isArray: true })
  cooperationModes: CooperationMode[];

  @ApiProperty({ type: HallOrganizationView, description: 'Who posted it; never their contacts' })
  organization: HallOrganizationView;

  @ApiProperty()
  createdAt: Date;
}

export class HallNeedView extends HallListingView {
  @ApiProperty({ enum: NEED_KINDS })
  kind: NeedKind;

  @ApiProperty({ nullable: true, type: Number, example: 500000, description: 'Budget from, in yuan' })
  budgetMin: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 2000000, description: 'Budget up to, in yuan' })
  budgetMax: number | null;

  @ApiProperty({ nullable: true, type: String, example: '2027-06-30', description: 'Deadline, YYYY-MM-DD' })
  deadline: string | null;
}

export class HallCapabilityView extends HallListingView {
  @ApiProperty({ enum: CAPABILITY_KINDS })
  kind: CapabilityKind;

  @ApiProperty({ nullable: true, type: Number, minimum: 1, maximum: 9 })
  trl: number | null;

  @ApiProperty({ enum: IP_STATUSES, nullable: true })
  ipStatus: IpStatus | null;
}

/** A need in full, as the public sees it: the whole description, no contacts. */
export class HallNeedDetail extends HallNeedView {
  @ApiProperty({ example: '我公司需要……' })
  description: string;
}

export class HallCapabilityDetail extends HallCapabilityView {
  @ApiProperty({ example: '本成果……' })
  description: string;
}

export class FacetCount {
  @ApiProperty({ example: '南岗' })
  value: string;

  @ApiProperty({ example: 12 })
  count: number;
}

export class HallFacets {
  @ApiProperty({ type: [FacetCount], description: 'Listings by kind, under the other filters' })
  kind: FacetCount[];

  @ApiProperty({ type: [FacetCount], description: 'Listings by district' })
  district: FacetCount[];

  @ApiProperty({ type: [FacetCount], description: 'Listings by sector (`scheme:code` as stored), the 30 largest' })
  sector: FacetCount[];

  @ApiPropertyOptional({ type: [FacetCount], description: 'Capabilities by TRL (capabilities only)' })
  trl?: FacetCount[];
}

export class HallNeedPage extends PageMeta {
  @ApiProperty({ type: [HallNeedView] })
  items: HallNeedView[];

  @ApiProperty({ type: HallFacets, description: 'Counts of everything found, by facet, under all filters given' })
  facets: HallFacets;
}

export class HallCapabilityPage extends PageMeta {
  @ApiProperty({ type: [HallCapabilityView] })
  items: HallCapabilityView[];

  @ApiProperty({ type: HallFacets, description: 'Counts of everything found, by facet, under all filters given' })
  facets: HallFacets;
}
