// The console's names for the API's shapes. Every one is the server's own schema (schema.gen.ts, generated from the
// OpenAPI document by scripts/openapi.ts): nothing here is written by hand but the names.
import type { components } from './schema.gen';

type S = components['schemas'];

export type Role = S['UserView']['role'];
export type OrganizationKind = S['OrganizationView']['kind'];
export type MatchStatus = S['MatchView']['status'];
export type Band = NonNullable<S['MatchView']['band']>;
export type RejectReason = NonNullable<S['MatchView']['rejectReason']>;

/** A page of a list (every paged list has the same meta). */
export type Page<T> = Omit<S['NeedPage'], 'items'> & { items: T[] };

export type Contact = S['ContactView'];
export type Organization = S['OrganizationView'];
/** An organisation as the directory shows it to any signed-in user: id, name, kind and district. */
export type OrganizationDirectoryEntry = S['OrganizationDirectoryEntry'];
export type User = S['UserView'];
export type Me = S['MeView'];

export type TaxonomyCode = S['TaxonomyCodeView'];
export type Taxonomy = S['TaxonomyView'];
export type TaxonomySummary = S['TaxonomySummary'];

export type Need = S['NeedView'];
export type Capability = S['CapabilityView'];
/** One side of a match; a restricted need seen from the capability side before the introduction is a placeholder. */
export type ListingSummary = S['ListingSummary'];

export type Explanation = S['ExplanationView'];
export type Contribution = S['ContributionView'];
export type Bilingual = S['BilingualText'];

/** A match as anyone may see it: no explanation for the capability side of a restricted need before the introduction. */
export type MatchView = S['MatchView'];
/** A match as coordinators see it (the review queue): always explained. */
export type Match = Omit<MatchView, 'explanation'> & { explanation: Explanation };

export type NeedRanking = S['NeedRankingView'];
export type NeedMatches = S['NeedMatchList'];
export type NearMiss = S['NearMissItem'];
export type InboxItem = S['InboxItemView'];
export type HistoryItem = S['HistoryItem'];

export type BackgroundJob = S['JobView'];
export type JobState = BackgroundJob['state'];

export type RankerModelVersion = S['RankerModelView'];
export type RankerModelStatus = RankerModelVersion['status'];
export type HeldOutFigures = S['HeldOutFiguresView'];
export type RankerDecisionCounts = S['DecisionCounts'];

export type MatchList = S['MatchList'];
export type MatchCountList = S['MatchCountList'];
export type NearMissList = S['NearMissList'];
export type HistoryList = S['HistoryList'];
export type Inbox = S['InboxView'];
export type NotificationSettings = S['NotificationSettings'];
export type TaxonomyList = S['TaxonomyList'];
export type JobRetried = S['JobRetried'];
export type RematchAccepted = S['RematchAccepted'];
export type RematchJob = S['RematchJobView'];

/** The public halls (需求大厅 / 成果大厅): what anyone may read, with the search words marked and no contacts. */
export type MarkedText = S['MarkedTextView'];
export type HallFacets = S['HallFacets'];
export type FacetCount = S['FacetCount'];
export type HallNeed = S['HallNeedView'];
export type HallCapability = S['HallCapabilityView'];
export type HallNeedDetail = S['HallNeedDetail'];
export type HallCapabilityDetail = S['HallCapabilityDetail'];
export type HallNeedPage = S['HallNeedPage'];
export type HallCapabilityPage = S['HallCapabilityPage'];
