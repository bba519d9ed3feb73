// The console's names for the science-envoy routes' shapes (科技特派员 / 科技副总: src/modules/envoys): the server's
// own schemas (schema.gen.ts, generated from the OpenAPI document). A few fields the DTOs declare as bare objects
// (`Record<string, never>` in the document: a candidate's capability and explanation, a nomination's capability, an
// agreement's post, the stats' counts) are narrowed here by hand to what the server sends.
import type { components } from './schema.gen';
import type { Explanation } from './types';

type S = components['schemas'];

/** `{id, title, kind}` of a capability (the document says only "object"). */
export interface CapabilityRef {
  id: string;
  title: string;
  kind: string;
}

export type OrgRef = S['OrgRef'];
export type SecondmentPost = S['PostView'];
export type PostKind = SecondmentPost['kind'];
export const POST_KINDS: readonly PostKind[] = ['envoy', 'vice_president'];
export type PostStatus = SecondmentPost['status'];
export const POST_STATUS_LIST: readonly PostStatus[] = ['draft', 'open', 'filled', 'closed'];

/** A ranked expert, or (`nearMiss`) one of the closest below the engine's floor. */
export type PostCandidate = Omit<S['CandidateView'], 'capability' | 'explanation'> & {
  capability: CapabilityRef;
  explanation: Explanation | null;
};
export type CandidateList = Omit<S['CandidateList'], 'items'> & { items: PostCandidate[] };

export type Nomination = Omit<S['NominationView'], 'capability'> & { capability: CapabilityRef | null };
export type NominationStatus = Nomination['status'];
export type NominationAction = Nomination['allowedActions'][number];

export type WorkLog = S['WorkLogView'];
export type Evaluation = S['EvaluationView'];
export type Agreement = Omit<S['AgreementView'], 'post'> & {
  post: { id: string; title: string; kind: PostKind; organization: OrgRef };
};
export type AgreementStatus = Agreement['status'];

/** One step of a post's audit trail (the post, its nominations, agreements, logs, evaluations and rankings). */
export type SecondmentEvent = S['SecondmentEventView'];
export type SecondmentEventList = S['SecondmentEventList'];

export type EnvoyStatsGroup = S['EnvoyStatsGroup'];
export type EnvoyStats = Omit<S['EnvoyStats'], 'posts' | 'nominations' | 'agreements' | 'evaluations'> & {
  /** Posts by status and total. */
  posts: Record<string, number>;
  nominations: Record<string, number>;
  agreements: Record<string, number>;
  evaluations: { count: number; averageRating: number | null; wouldRenew: number };
};
/** GET /stats/envoys: posts created within these Harbin dates (inclusive; either may be left open). */
export interface EnvoyStatsQuery {
  from?: string;
  to?: string;
}
