import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from './client';
import type { HistoryList, Match, MatchView, Page, RejectReason, RematchAccepted, RematchJob } from './types';

export interface QueueQuery {
  status: string;
  minScore?: number;
  district?: string;
  sector?: string;
  /** Bands separated by commas. */
  band?: string;
  sort: string;
  page: number;
  pageSize: number;
  /** The `nextCursor` of the page before (keyset paging): the server reads on from where that page ended. */
  cursor?: string;
}

/** A page of the queue, and where the next one starts (null on the last page). */
export type QueuePage = Page<Match> & { nextCursor?: string | null };

export const matchKeys = {
  all: ['matches'] as const,
  queues: ['matches', 'queue'] as const,
  queue: (q: QueueQuery) => ['matches', 'queue', q] as const,
  detail: (id: string | null | undefined) => ['matches', 'detail', id] as const,
  history: (id: string | null | undefined) => ['matches', 'detail', id, 'history'] as const,
  rematch: (jobId: string | null) => ['matches', 'rematch', jobId] as const,
};

/** The review queue (coordinators): every match is explained. */
export function useReviewQueue(q: QueueQuery) {
  return useQuery({
    queryKey: matchKeys.queue(q),
    queryFn: () => get<QueuePage>('/matches', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useMatch(id: string | null | undefined) {
  return useQuery({
    queryKey: matchKeys.detail(id),
    queryFn: () => get<MatchView>(`/matches/${id}`),
    enabled: !!id,
  });
}

export function useMatchHistory(id: string | null | undefined) {
  return useQuery({
    queryKey: matchKeys.history(id),
    queryFn: () => get<HistoryList>(`/matches/${id}/history`),
    enabled: !!id,
  });
}

export interface Decision {
  id: string;
  kind: 'approve' | 'reject';
  expectedStatus: string;
  note?: string;
  shared?: boolean;
  reason?: RejectReason;
}

/** Approves or rejects a suggestion. The queue and the match are refreshed whatever the answer (409: taken). */
export function useDecide() {
  const qc = useQueryClient();
  const refresh = (id: string) => {
    void qc.invalidateQueries({ queryKey: matchKeys.queues });
    void qc.invalidateQueries({ queryKey: matchKeys.detail(id) });
  };
  return useMutation({
    mutationFn: ({ id, kind, ...body }: Decision) => post<MatchView>(`/matches/${id}/${kind}`, body),
    onSuccess: (m) => refresh(m.id),
    onError: (_, v) => refresh(v.id),
  });
}

/** Moves an introduction on (or adds a progress note): the match is replaced by the answer, its history refreshed. */
export function useTransition(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => post<MatchView>(`/matches/${id}/transition`, body),
    onSuccess: (m) => {
      qc.setQueryData(matchKeys.detail(id), m);
      void qc.invalidateQueries({ queryKey: matchKeys.history(id) });
    },
  });
}

export const startRematch = () => post<RematchAccepted>('/matching/rematch', { scope: 'all' });

/** A rematch's progress, asked every second until it ends. */
export function useRematchJob(jobId: string | null) {
  return useQuery({
    queryKey: matchKeys.rematch(jobId),
    queryFn: () => get<RematchJob>(`/matching/jobs/${jobId}`),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && ['completed', 'failed'].includes(q.state.data.state) ? false : 1000),
  });
}
