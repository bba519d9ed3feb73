import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BANDS, type Band } from '../../matching/ranker/ranker.js';

// The shape of a match's explanation (matching/scoring/pair-score.ts `Explanation`) as the API documents it. Stored
// with each match as it was scored: matches scored before bands (issue 11) have only the keyword, sector and factor
// parts, so everything added since is optional here. The review queue (GET /matches) sends a shorter explanation
// (no terms, sector part, factors or ranker features): those parts are optional too.
const NOT_IN_QUEUE = 'Not in the review queue (GET /matches): read the match itself';

export class BilingualSentence {
  @ApiProperty({ example: '需求的“锂电池低温”与成果的“电解液”技术对口。' }) zh: string;
  @ApiProperty({ example: 'The need’s cold-weather lithium battery problem meets the electrolyte.' }) en: string;
}

export class BandPrecisionView {
  @ApiProperty({ example: 0.62, description: 'Share of judged pairs in the band worth introducing' }) strict: number;
  @ApiPropertyOptional({ example: 0.85, description: 'Share at least related' }) lenient?: number;
  @ApiPropertyOptional({ example: 240, description: 'Judged pairs in the band' }) pairs?: number;
}

export class ContributionView {
  @ApiProperty({ example: 'keyword' }) feature: string;
  @ApiPropertyOptional({ example: '关键词' }) labelZh?: string;
  @ApiPropertyOptional({ example: 'keywords' }) labelEn?: string;
  @ApiProperty({ example: 0.64 }) value: number;
  @ApiProperty({ example: 1.2, description: 'Its part in the logit: positive pushes the pair up' })
  contribution: number;
}

export class RankerPartView {
  @ApiProperty({ example: 'rk-2026.12.1' }) version: string;
  @ApiProperty({ example: 0.73 }) probability: number;
  @ApiPropertyOptional({ description: 'Whether the pair meets the need’s core terms' }) coreMet?: boolean;
  @ApiPropertyOptional({ type: BandPrecisionView }) bandPrecision?: BandPrecisionView;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { keyword: 0.64, sector: 1 },
  })
  features?: Record<string, number>;
  @ApiPropertyOptional({ type: [ContributionView] }) contributions?: ContributionView[];
}

export class AssociationView {
  @ApiProperty({ example: '锂电池' }) needTerm: string;
  @ApiProperty({ example: '电解液' }) capabilityTerm: string;
  @ApiProperty({ example: 0.62 }) strength: number;
}

export class DuplicatesView {
  @ApiProperty({ example: 2 }) count: number;
  @ApiProperty({ type: [String] }) capabilityIds: string[];
}

export class MatchedTermView {
  @ApiProperty({ example: '电解液' }) term: string;
  @ApiProperty({ example: 5.2 }) weight: number;
  @ApiProperty({ example: 0.31 }) contribution: number;
}

export class CoreTermView {
  @ApiProperty({ example: '电解液' }) term: string;
  @ApiProperty() met: boolean;
}

export class KeywordPartView {
  @ApiProperty({ example: 0.64 }) score: number;
  @ApiPropertyOptional({ example: 0.7, description: NOT_IN_QUEUE }) weight?: number;
  @ApiPropertyOptional({ type: [MatchedTermView], description: NOT_IN_QUEUE }) terms?: MatchedTermView[];
  @ApiPropertyOptional({ type: [CoreTermView] }) core?: CoreTermView[];
}

export class SectorMatchView {
  @ApiProperty({ example: 'hitech:0603' }) need: string;
  @ApiProperty({ example: 'hitech:0603' }) capability: string;
  @ApiProperty({ example: 'same' }) relation: string;
  @ApiProperty({ example: 1 }) credit: number;
  @ApiPropertyOptional({ description: 'The capability’s sector was inferred from its text' }) inferred?: boolean;
}

export class InferredSectorView {
  @ApiProperty({ example: 'hitech:0603' }) ref: string;
  @ApiProperty({ example: 0.8 }) confidence: number;
}

export class SectorPartView {
  @ApiProperty({ nullable: true, type: Number, example: 1 }) score: number | null;
  @ApiProperty({ example: 0.3 }) weight: number;
  @ApiProperty({ example: 1, description: '1 − weight + weight × score' }) factor: number;
  @ApiProperty({ type: [SectorMatchView] }) matched: SectorMatchView[];
  @ApiProperty({ type: [InferredSectorView] }) inferred: InferredSectorView[];
}

export class FactorView {
  @ApiProperty({ example: 1 }) value: number;
  @ApiProperty({ example: '合作方式相符 / cooperation modes agree' }) reason: string;
}

@ApiExtraModels(FactorView)
export class ExplanationView {
  @ApiProperty({ example: 'tm-2026.12.1' }) algorithmVersion: string;
  @ApiProperty({ example: 0.73 }) score: number;
  @ApiPropertyOptional({ type: BilingualSentence, description: 'Why this pair, and why not higher' })
  summary?: BilingualSentence;
  @ApiPropertyOptional({ enum: BANDS }) band?: Band;
  @ApiPropertyOptional({ type: BandPrecisionView, description: 'The band’s measured meaning' })
  bandPrecision?: BandPrecisionView;
  @ApiPropertyOptional({ type: RankerPartView }) ranker?: RankerPartView;
  @ApiPropertyOptional({ type: [AssociationView], description: 'Vocabulary bridges between the two sides’ terms' })
  associations?: AssociationView[];
  @ApiPropertyOptional({ type: DuplicatesView, description: 'Identical listings collapsed into this one' })
  duplicates?: DuplicatesView;
  @ApiProperty({ type: KeywordPartView }) keyword: KeywordPartView;
  @ApiPropertyOptional({ type: SectorPartView, description: NOT_IN_QUEUE }) sector?: SectorPartView;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FactorView' },
    description: `kind, cooperation, trl, location. ${NOT_IN_QUEUE}`,
  })
  factors?: Record<string, FactorView>;
}

export class ActorView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '李协调' }) name: string;
  @ApiProperty({ example: 'coordinator' }) role: string;
}
