import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, get, patch, post, put } from './client';
import type {
  Challenge,
  ChallengeApplication,
  ChallengeAward,
  ChallengeEvent,
  ChallengeLedger,
  ChallengeMilestones,
  ChallengeNotice,
  ChallengeObjection,
  ChallengePanel,
  ChallengeRanking,
  ChallengeSummary,
  HallChallengeDetail,
  MyReviews,
  ReviewSheet,
} from './challenge-types';
import type { Page } from './types';

// 揭榜挂帅 (challenges): the challenge and its steps (/challenges, B1), its applications and attachments, its review,
// notice, award, milestones and ledger (/challenges/:id/…, B2), the experts' own reviews (/reviews) and the public
// list (/hall/challenges). Every write refreshes the challenge it touched: its steps change what may come next.

export interface ChallengeQuery {
  page: number;
  pageSize: number;
  status?: string;
  q?: string;
  sector?: string;
}

export const challengeKeys = {
  all: ['challenges'] as const,
  list: (q: ChallengeQuery) => ['challenges', 'list', q] as const,
  detail: (id: string | undefined) => ['challenges', 'detail', id] as const,
  part: (id: string | undefined, part: string, sub?: string) =>
    ['challenges', 'detail', id, part, ...(sub ? [sub] : [])] as const,
  reviews: ['challenges', 'my-reviews'] as const,
  hall: (q: object) => ['hall', 'challenges', q] as const,
  hallDetail: (id: string | undefined) => ['hall', 'challenges', 'detail', id] as const,
};

export function useChallengePage(q: ChallengeQuery) {
  return useQuery({
    queryKey: challengeKeys.list(q),
    queryFn: () => get<Page<ChallengeSummary>>('/challenges', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useChallenge(id: string | undefined) {
  return useQuery({
    queryKey: challengeKeys.detail(id),
    queryFn: () => get<Challenge>(`/challenges/${id}`),
    enabled: !!id,
  });
}

/** A part of a challenge read on its own route (applications, panel, ranking…): `enabled` when the caller may. */
function usePart<T>(id: string | undefined, part: string, enabled = true) {
  return useQuery({
    queryKey: challengeKeys.part(id, part),
    queryFn: () => get<T>(`/challenges/${id}/${part}`),
    enabled: enabled && !!id,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
  });
}

export const useApplications = (id: string | undefined, enabled = true) =>
  usePart<{ items: ChallengeApplication[] }>(id, 'applications', enabled);
export const usePanel = (id: string | undefined, enabled = true) => usePart<ChallengePanel>(id, 'panel', enabled);
export const useRanking = (id: string | undefined, enabled = true) => usePart<ChallengeRanking>(id, 'ranking', enabled);
export const useObjections = (id: string | undefined, enabled = true) =>
  usePart<{ items: ChallengeObjection[] }>(id, 'objections', enabled);
export const useMilestones = (id: string | undefined, enabled = true) =>
  usePart<ChallengeMilestones>(id, 'milestones', enabled);
export const useLedger = (id: string | undefined, enabled = true) => usePart<ChallengeLedger>(id, 'ledger', enabled);
export const useNotice = (id: string | undefined, enabled = true) => usePart<ChallengeNotice>(id, 'notice', enabled);
export const useAward = (id: string | undefined, enabled = true) => usePart<ChallengeAward>(id, 'award', enabled);
export const useEvents = (id: string | undefined, enabled = true) =>
  usePart<{ items: ChallengeEvent[] }>(id, 'events', enabled);

export function useApplication(id: string | undefined, appId: string | undefined) {
  return useQuery({
    queryKey: challengeKeys.part(id, 'application', appId),
    queryFn: () => get<ChallengeApplication>(`/challenges/${id}/applications/${appId}`),
    enabled: !!id && !!appId,
  });
}

export function useReviewSheet(id: string | undefined, appId: string | undefined) {
  return useQuery({
    queryKey: challengeKeys.part(id, 'review', appId),
    queryFn: () => get<ReviewSheet>(`/challenges/${id}/applications/${appId}/review`),
    enabled: !!id && !!appId,
    retry: false,
  });
}

/** The signed-in expert's assignments across challenges (GET /reviews). */
export function useMyReviews() {
  return useQuery({ queryKey: challengeKeys.reviews, queryFn: () => get<MyReviews>('/reviews') });
}

/**
 * A write under /challenges: `path` relative to /challenges, the method, and the body. Whatever the answer (a 409
 * means someone else moved the challenge on), the challenge and its parts are read again.
 */
export function useChallengeWrite<B = unknown, R = unknown>(
  id: string | undefined,
  path: (b: B) => string,
  method: 'POST' | 'PUT' | 'PATCH' = 'POST',
) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: challengeKeys.detail(id) });
    void qc.invalidateQueries({ queryKey: challengeKeys.reviews });
    void qc.invalidateQueries({ queryKey: ['challenges', 'list'] });
  };
  return useMutation({
    mutationFn: (b: B) => {
      const p = path(b);
      const body = (b as { body?: unknown } | undefined)?.body ?? b;
      return method === 'PUT' ? put<R>(p, body) : method === 'PATCH' ? patch<R>(p, body) : post<R>(p, body);
    },
    onSettled: refresh,
  });
}

/** Creates a challenge (no id) or changes one. */
export function useSaveChallenge(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id ? patch<Challenge>(`/challenges/${id}`, body) : post<Challenge>('/challenges', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: challengeKeys.all }),
  });
}

/** Submits an application (no appId) or changes one. */
export function useSaveApplication(id: string | undefined, appId: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      appId
        ? patch<ChallengeApplication>(`/challenges/${id}/applications/${appId}`, body)
        : post<ChallengeApplication>(`/challenges/${id}/applications`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: challengeKeys.detail(id) }),
  });
}

/** Uploads one PDF as the raw request body (the route reads its own body: no JSON, no form encoding). */
export function useUploadAttachment(id: string | undefined, appId: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api<unknown>(
        'POST',
        `/challenges/${id}/applications/${appId}/attachments?filename=${encodeURIComponent(file.name)}`,
        file,
        { contentType: 'application/pdf' },
      ),
    onSettled: () => void qc.invalidateQueries({ queryKey: challengeKeys.part(id, 'application', appId) }),
  });
}

export const attachmentUrl = (id: string, appId: string, attId: string) =>
  `/api/v1/challenges/${id}/applications/${appId}/attachments/${attId}`;

// The public list and page (no sign-in when the halls are public; a 401 is the page's to explain).
const visitor = { ownUnauthorized: true };
const hallRetry = (n: number, e: Error) => !(e instanceof ApiError && e.status < 500) && n < 1;

export function useHallChallenges(q: { page: number; pageSize: number; q?: string; status?: string }) {
  return useQuery({
    queryKey: challengeKeys.hall(q),
    queryFn: () => get<Page<ChallengeSummary>>('/hall/challenges', { ...q }, visitor),
    placeholderData: (prev) => prev,
    retry: hallRetry,
  });
}

export function useHallChallenge(id: string | undefined) {
  return useQuery({
    queryKey: challengeKeys.hallDetail(id),
    queryFn: () => get<HallChallengeDetail>(`/hall/challenges/${id}`, undefined, visitor),
    enabled: !!id,
    retry: hallRetry,
  });
}
