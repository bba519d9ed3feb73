import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../../api/client';
import type { Page } from '../../api/types';

// 共性技术难题 (/api/v1/common-problems): candidates found by the worker, confirmed, edited or dismissed by
// coordinators; confirmed ones are read by every signed-in user. Every write refreshes the problem and the lists.

export const CP_STATUSES = ['candidate', 'confirmed', 'dismissed'] as const;
export type CpStatus = (typeof CP_STATUSES)[number];

export interface Named {
  id: string;
  name: string;
}

export interface CpSummary {
  id: string;
  status: CpStatus;
  title: string;
  summary: string;
  sharedTerms: string[];
  sectorKeys: string[];
  needCount: number;
  /** Open member needs not named to the caller (counted only). */
  restrictedNeedCount: number;
  organizationCount: number;
  districts: string[];
  cohesion: number;
  edited: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  decidedAt: string | null;
  dismissReason: string | null;
}

export interface CpNeed {
  id: string | null;
  title: string;
  restricted: boolean;
  organization: Named | null;
  district: string | null;
  budget: { min: number | null; max: number | null } | null;
  visibility: string;
  status: string;
}

export interface CpFit {
  needId: string | null;
  fits: boolean;
  score: number;
  band: 'high' | 'medium' | 'low' | null;
  summary: { zh: string; en: string } | null;
}

export interface CpCapability {
  capabilityId: string;
  title: string;
  kind: string;
  organization: Named;
  rank: number;
  score: number;
  covered: number;
  fitsAll: boolean;
  explanations: CpFit[];
}

export interface CommonProblem extends CpSummary {
  needs: CpNeed[];
  enterprises: Array<Named & { district: string; needs: number }>;
  districtCounts: Array<{ district: string; needs: number }>;
  lead: { needId: string | null; organization: Named | null; reason: string } | null;
  capabilities: CpCapability[];
  decidedBy: Named | null;
  refreshedAt: string | null;
  allowed: CpStatus[];
}

export interface CpEvent {
  id: number;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown>;
  actor: Named | null;
  createdAt: string;
}

export interface CpEdit {
  title?: string;
  summary?: string;
  addNeedIds?: string[];
  removeNeedIds?: string[];
  leadNeedId?: string;
  expectedVersion?: number;
}

export const cpKeys = {
  all: ['common-problems'] as const,
  list: (q: object) => ['common-problems', 'list', q] as const,
  detail: (id: string | undefined) => ['common-problems', 'detail', id] as const,
  events: (id: string | undefined) => ['common-problems', 'detail', id, 'events'] as const,
};

export function useCommonProblems(q: { page: number; pageSize: number; status?: string }) {
  return useQuery({
    queryKey: cpKeys.list(q),
    queryFn: () => get<Page<CpSummary>>('/common-problems', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useCommonProblem(id: string | undefined) {
  return useQuery({
    queryKey: cpKeys.detail(id),
    queryFn: () => get<CommonProblem>(`/common-problems/${id}`),
    enabled: !!id,
  });
}

export function useCommonProblemEvents(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: cpKeys.events(id),
    // The latest 100 entries of the trail (oldest first within them).
    queryFn: async () => {
      const first = await get<Page<CpEvent>>(`/common-problems/${id}/events`, { pageSize: 100 });
      const last = Math.max(1, Math.ceil(first.total / 100));
      return last === 1
        ? first.items
        : (await get<Page<CpEvent>>(`/common-problems/${id}/events`, { page: last, pageSize: 100 })).items;
    },
    enabled: !!id && enabled,
  });
}

/** The writes on one problem; each puts the answer in the cache and refreshes the lists. */
export function useCommonProblemActions() {
  const qc = useQueryClient();
  const done = (p?: CommonProblem) => {
    if (p) qc.setQueryData(cpKeys.detail(p.id), p);
    void qc.invalidateQueries({ queryKey: cpKeys.all });
  };
  return {
    detect: useMutation({
      mutationFn: () => post<{ jobId: string }>('/common-problems/detect', {}),
      onSuccess: () => done(),
    }),
    confirm: useMutation({
      mutationFn: (v: { id: string; version: number; note?: string }) =>
        post<CommonProblem>(`/common-problems/${v.id}/confirm`, {
          expectedVersion: v.version,
          ...(v.note ? { note: v.note } : {}),
        }),
      onSuccess: done,
    }),
    dismiss: useMutation({
      mutationFn: (v: { id: string; version: number; reason: string }) =>
        post<CommonProblem>(`/common-problems/${v.id}/dismiss`, { reason: v.reason, expectedVersion: v.version }),
      onSuccess: done,
    }),
    edit: useMutation({
      mutationFn: (v: { id: string; body: CpEdit }) => patch<CommonProblem>(`/common-problems/${v.id}`, v.body),
      onSuccess: done,
    }),
    introduce: useMutation({
      mutationFn: (v: { id: string; capabilityIds: string[]; note?: string }) =>
        post<{ id: string; organizations: Named[] }>(`/common-problems/${v.id}/introductions`, {
          capabilityIds: v.capabilityIds,
          ...(v.note ? { note: v.note } : {}),
        }),
      onSuccess: () => done(),
    }),
  };
}
