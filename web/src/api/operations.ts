import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from './client';
import type { MutationUi } from './mutation';
import type { BackgroundJob, JobRetried, JobState, Page, RankerDecisionCounts, RankerModelVersion } from './types';

// The admins' operations pages: background jobs and the ranker's model versions.

export const jobKeys = {
  all: ['admin', 'jobs'] as const,
  list: (state: JobState, page: number) => ['admin', 'jobs', state, page] as const,
};

export const rankerKeys = {
  models: ['admin', 'ranker', 'models'] as const,
  modelPage: (page: number) => ['admin', 'ranker', 'models', page] as const,
  decisions: ['admin', 'ranker', 'decisions'] as const,
};

/** Jobs that did not finish, asked every 15 s. */
export function useJobs(state: JobState, page: number) {
  return useQuery({
    queryKey: jobKeys.list(state, page),
    queryFn: () => get<Page<BackgroundJob>>('/admin/jobs', { state, page, pageSize: 20 }),
    refetchInterval: 15_000,
  });
}

export function useRetryJob(ui: MutationUi<JobRetried, string> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => post<JobRetried>(`/admin/jobs/${encodeURIComponent(jobId)}/retry`),
    onSuccess: (r, jobId) => {
      void qc.invalidateQueries({ queryKey: jobKeys.all });
      ui.onSuccess?.(r, jobId);
    },
    onError: ui.onError,
  });
}

export function useRankerModels(page: number) {
  return useQuery({
    queryKey: rankerKeys.modelPage(page),
    queryFn: () => get<Page<RankerModelVersion>>('/admin/ranker/models', { page, pageSize: 20 }),
    refetchInterval: 15_000,
  });
}

export function useRankerDecisions() {
  return useQuery({
    queryKey: rankerKeys.decisions,
    queryFn: () => get<RankerDecisionCounts>('/admin/ranker/decisions'),
  });
}

export function useActivateModel(ui: MutationUi<unknown, string> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: string) => post(`/admin/ranker/models/${encodeURIComponent(version)}/activate`),
    onSuccess: (r, version) => {
      void qc.invalidateQueries({ queryKey: rankerKeys.models });
      ui.onSuccess?.(r, version);
    },
    onError: ui.onError,
  });
}

export function useTrainModel(ui: MutationUi<{ jobId: string }, void> = {}) {
  return useMutation({
    mutationFn: () => post<{ jobId: string }>('/admin/ranker/train'),
    onSuccess: ui.onSuccess,
    onError: ui.onError,
  });
}
