import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, patch, post, put } from './client';
import type {
  Agreement,
  CandidateList,
  EnvoyStats,
  EnvoyStatsQuery,
  Nomination,
  SecondmentEventList,
  SecondmentPost,
} from './envoy-types';
import type { Page } from './types';

// 科技特派员 / 科技副总 (science envoys): an enterprise's post (/secondment-posts), the experts the engine ranks for
// it, nominations by universities and institutes with the mutual choice (/secondment-nominations), the agreement
// both sides sign, its monthly work logs and the enterprise's evaluation (/secondment-agreements). Every write reads
// the envoy area again: one step moves a nomination, its post and its agreement together.

export interface PostQuery {
  page: number;
  pageSize: number;
  kind?: string;
  status?: string;
  district?: string;
  q?: string;
}

export const envoyKeys = {
  all: ['envoys'] as const,
  posts: (q: PostQuery) => ['envoys', 'posts', q] as const,
  post: (id: string | undefined) => ['envoys', 'post', id] as const,
  part: (id: string | undefined, part: string) => ['envoys', 'post', id, part] as const,
  agreements: ['envoys', 'agreements'] as const,
  agreement: (id: string | undefined) => ['envoys', 'agreement', id] as const,
  stats: (q: object) => ['stats', 'envoys', q] as const,
};

const noRetryOn4xx = (n: number, e: Error) => !(e instanceof ApiError && e.status < 500) && n < 1;

export function usePosts(q: PostQuery) {
  return useQuery({
    queryKey: envoyKeys.posts(q),
    queryFn: () => get<Page<SecondmentPost>>('/secondment-posts', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function usePost(id: string | undefined) {
  return useQuery({
    queryKey: envoyKeys.post(id),
    queryFn: () => get<SecondmentPost>(`/secondment-posts/${id}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useCandidates(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: envoyKeys.part(id, 'candidates'),
    queryFn: () => get<CandidateList>(`/secondment-posts/${id}/candidates`),
    enabled: enabled && !!id,
    retry: noRetryOn4xx,
  });
}

export function useNominations(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: envoyKeys.part(id, 'nominations'),
    queryFn: () => get<{ items: Nomination[] }>(`/secondment-posts/${id}/nominations`),
    enabled: enabled && !!id,
    retry: noRetryOn4xx,
  });
}

/** The post's audit trail, oldest first (its enterprise and coordinators only). */
export function usePostEvents(id: string | undefined, q: { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: [...envoyKeys.part(id, 'events'), q] as const,
    queryFn: () => get<SecondmentEventList>(`/secondment-posts/${id}/events`, { ...q }),
    enabled: enabled && !!id,
    placeholderData: (prev) => prev,
    retry: noRetryOn4xx,
  });
}

export function useAgreements(enabled = true) {
  return useQuery({
    queryKey: envoyKeys.agreements,
    queryFn: () => get<{ items: Agreement[] }>('/secondment-agreements', { pageSize: 100 }),
    enabled,
    retry: noRetryOn4xx,
  });
}

export function useAgreement(id: string | undefined | null) {
  return useQuery({
    queryKey: envoyKeys.agreement(id ?? undefined),
    queryFn: () => get<Agreement>(`/secondment-agreements/${id}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useEnvoyStats(q: EnvoyStatsQuery) {
  return useQuery({
    queryKey: envoyKeys.stats(q),
    queryFn: () => get<EnvoyStats>('/stats/envoys', { ...q }),
    retry: noRetryOn4xx,
  });
}

/**
 * A write in the envoy area: `path` from the variables, the method, and the body (`body` of the variables when they
 * carry one, else the variables). Whatever the answer (a 409 means the other side moved first), it is read again.
 */
export function useEnvoyWrite<B = Record<string, unknown>, R = unknown>(
  path: (b: B) => string,
  method: 'POST' | 'PUT' | 'PATCH' = 'POST',
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: B) => {
      const p = path(b);
      const body = (b as { body?: unknown } | undefined)?.body ?? b;
      return method === 'PUT' ? put<R>(p, body) : method === 'PATCH' ? patch<R>(p, body) : post<R>(p, body);
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: envoyKeys.all }),
  });
}

/** Creates a post (no id) or changes one. */
export function useSavePost(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id ? patch<SecondmentPost>(`/secondment-posts/${id}`, body) : post<SecondmentPost>('/secondment-posts', body),
    onSettled: () => void qc.invalidateQueries({ queryKey: envoyKeys.all }),
  });
}
