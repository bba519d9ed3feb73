import type { MigrationInterface } from 'typeorm';
import { Foundation1795812800000 } from './1795812800000-foundation.js';
import { Matching1795814400000 } from './1795814400000-matching.js';
import { NeedRankings1795818000000 } from './1795818000000-need-rankings.js';
import { Introductions1795820000000 } from './1795820000000-introductions.js';
import { SupersedeDuplicateRematches1795899900000 } from './1795899900000-supersede-duplicate-rematches.js';
import { Hardening1795900000000 } from './1795900000000-hardening.js';
import { SharedNotes1795900100000 } from './1795900100000-shared-notes.js';
import { KeysetIndexes1795900200000 } from './1795900200000-keyset-indexes.js';
import { ListingSearch1795900300000 } from './1795900300000-listing-search.js';
import { ReviewQueueIndexes1795900400000 } from './1795900400000-review-queue-indexes.js';
import { ReviewQueueCovering1795900500000 } from './1795900500000-review-queue-covering.js';
import { MatchListingFacets1795900600000 } from './1795900600000-match-listing-facets.js';
import { ReviewFixes1795900700000 } from './1795900700000-review-fixes.js';
import { SuggestionQuality1795900800000 } from './1795900800000-suggestion-quality.js';
import { ReviewQueueBands1795901000000 } from './1795901000000-review-queue-bands.js';
import { ListingFullText1796100000000 } from './1796100000000-listing-full-text.js';
import { ReviewQueueKeyset1796200000000 } from './1796200000000-review-queue-keyset.js';
import { ReviewQueueFilters1796300000000 } from './1796300000000-review-queue-filters.js';
import { CommonProblems1796400000000 } from './1796400000000-common-problems.js';
import { Challenges1796500000000 } from './1796500000000-challenges.js';
import { ChallengeReviews1796600000000 } from './1796600000000-challenge-reviews.js';
import { Instruments1796700000000 } from './1796700000000-instruments.js';
import { Vouchers1796800000000 } from './1796800000000-vouchers.js';
import { Envoys1796900000000 } from './1796900000000-envoys.js';

type MigrationClass = new () => MigrationInterface;

/** Every migration, oldest first. `npm run migration:generate` writes a new file here: add it to this list. */
export const migrations: MigrationClass[] = [
  Foundation1795812800000,
  Matching1795814400000,
  NeedRankings1795818000000,
  Introductions1795820000000,
  SupersedeDuplicateRematches1795899900000,
  Hardening1795900000000,
  SharedNotes1795900100000,
  KeysetIndexes1795900200000,
  ListingSearch1795900300000,
  ReviewQueueIndexes1795900400000,
  ReviewQueueCovering1795900500000,
  MatchListingFacets1795900600000,
  ReviewFixes1795900700000,
  SuggestionQuality1795900800000,
  ReviewQueueBands1795901000000,
  ListingFullText1796100000000,
  ReviewQueueKeyset1796200000000,
  ReviewQueueFilters1796300000000,
  CommonProblems1796400000000,
  Challenges1796500000000,
  ChallengeReviews1796600000000,
  Instruments1796700000000,
  Vouchers1796800000000,
  Envoys1796900000000,
];
