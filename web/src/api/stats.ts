import { useQuery } from '@tanstack/react-query';
import { API_BASE, get, queryString } from './client';

// The dashboard's figures. The stats routes answer JSON or CSV from one handler and their OpenAPI entries carry no
// response schema, so these shapes are the console's own reading of them (the only ones not generated).

export interface Funnel {
  stages: Array<{ stage: string; count: number; rate: number | null }>;
  overallRate: number | null;
  contracts: { count: number; amountCny: number };
  localConversion: { local: number; rate: number | null };
}
export interface StageCounts {
  suggested: number;
  approved: number;
  introduced: number;
  contracted: number;
  amountCny: number;
}
export type SectorRow = StageCounts & { sector: string; nameZh: string | null };
export type DistrictRow = StageCounts & { district: string };
export interface FlowRow {
  from: string;
  to: string;
  introduced: number;
  contracted: number;
}
export interface RejectionRow {
  reason: string;
  labelZh: string;
  labelEn: string;
  count: number;
}

export interface ChallengeSummary {
  challenges: number;
  byStatus: Array<{ status: string; label: string; count: number }>;
  funding: { totalYuan: number; committedYuan: number; releasedYuan: number };
  applications: { total: number; perChallenge: number | null };
  timeToAward: { awarded: number; medianDays: number | null };
  localWinners: { winners: number; local: number; rate: number | null };
}
export interface ChallengeDistrictRow {
  district: string;
  challenges: number;
  applications: number;
  fundingYuan: number;
  committedYuan: number;
  releasedYuan: number;
}

export interface StatsRange {
  from?: string;
  to?: string;
}

export const statsKeys = {
  all: ['stats'] as const,
  figure: (what: string, range: StatsRange) => ['stats', what, range] as const,
};

const useFigure = <T>(what: string, range: StatsRange) =>
  useQuery({ queryKey: statsKeys.figure(what, range), queryFn: () => get<T>(`/stats/${what}`, { ...range }) });

export const useFunnel = (r: StatsRange) => useFigure<Funnel>('funnel', r);
export const useSectorStats = (r: StatsRange) => useFigure<{ items: SectorRow[] }>('sectors', r);
export const useDistrictStats = (r: StatsRange) => useFigure<{ items: DistrictRow[] }>('districts', r);
export const useFlows = (r: StatsRange) => useFigure<{ items: FlowRow[] }>('flows', r);
export const useRejectionStats = (r: StatsRange) => useFigure<{ items: RejectionRow[] }>('rejections', r);
export const useTimeToApproval = (r: StatsRange) => useFigure<{ medianHours: number | null }>('time-to-approval', r);
export const useChallengeStats = (r: StatsRange) => useFigure<ChallengeSummary>('challenges', r);
export const useChallengeDistricts = (r: StatsRange) =>
  useFigure<{ items: ChallengeDistrictRow[] }>('challenges/districts', r);

/** The same figure as a CSV download. */
export const statsCsvUrl = (what: string, range: StatsRange) =>
  `${API_BASE}/stats/${what}${queryString({ ...range, format: 'csv' })}`;
