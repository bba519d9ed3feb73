import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_BASE, ApiError, get, patch, post, put, queryString } from './client';
import type { Page } from './types';
import type {
  ClaimableRecord,
  ClaimPreview,
  CsvEncoding,
  VoucherClaim,
  VoucherLedgerPage,
  VoucherProgramme,
  VoucherProviderRow,
  VoucherQuota,
  VoucherSettlement,
  VoucherStats,
} from './voucher-types';

// 创新券 (innovation vouchers): programmes and their share tables (/voucher-programmes), quotas (/voucher-quotas),
// claims on paid service records (/voucher-claims), the ledger, monthly settlements and their CSV, the providers'
// 后补助 flags. Every write reads the whole voucher area again: a claim moves a quota, a programme's budget and its
// ledger at once.

export const voucherKeys = {
  all: ['vouchers'] as const,
  programmes: (q: object) => ['vouchers', 'programmes', q] as const,
  programme: (id: string | undefined) => ['vouchers', 'programme', id] as const,
  part: (id: string | undefined, part: string, q?: object) => ['vouchers', 'programme', id, part, q ?? {}] as const,
  quotas: (q: object) => ['vouchers', 'quotas', q] as const,
  claims: (q: object) => ['vouchers', 'claims', q] as const,
  settlements: (q: object) => ['vouchers', 'settlements', q] as const,
  records: (q: object) => ['vouchers', 'records', q] as const,
  stats: (q: object) => ['stats', 'vouchers', q] as const,
};

const noRetryOn4xx = (n: number, e: Error) => !(e instanceof ApiError && e.status < 500) && n < 1;

export function useProgrammes(q: { page: number; pageSize: number; status?: string }) {
  return useQuery({
    queryKey: voucherKeys.programmes(q),
    queryFn: () => get<Page<VoucherProgramme>>('/voucher-programmes', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useProgramme(id: string | undefined) {
  return useQuery({
    queryKey: voucherKeys.programme(id),
    queryFn: () => get<VoucherProgramme>(`/voucher-programmes/${id}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useQuotas(
  q: { page: number; pageSize: number; programmeId?: string; status?: string },
  enabled = true,
) {
  return useQuery({
    queryKey: voucherKeys.quotas(q),
    queryFn: () => get<Page<VoucherQuota>>('/voucher-quotas', { ...q }),
    placeholderData: (prev) => prev,
    enabled,
  });
}

export function useClaims(
  q: { page: number; pageSize: number; programmeId?: string; status?: string },
  enabled = true,
) {
  return useQuery({
    queryKey: voucherKeys.claims(q),
    queryFn: () => get<Page<VoucherClaim>>('/voucher-claims', { ...q }),
    placeholderData: (prev) => prev,
    enabled,
  });
}

export function useSettlements(q: { page: number; pageSize: number; programmeId?: string }, enabled = true) {
  return useQuery({
    queryKey: voucherKeys.settlements(q),
    queryFn: () => get<Page<VoucherSettlement>>('/voucher-settlements', { ...q }),
    placeholderData: (prev) => prev,
    enabled,
  });
}

export function useProgrammeLedger(id: string | undefined, q: { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: voucherKeys.part(id, 'ledger', q),
    queryFn: () => get<VoucherLedgerPage>(`/voucher-programmes/${id}/ledger`, { ...q }),
    placeholderData: (prev) => prev,
    enabled: enabled && !!id,
    retry: noRetryOn4xx,
  });
}

export function useProgrammeProviders(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: voucherKeys.part(id, 'providers'),
    queryFn: () => get<{ items: VoucherProviderRow[] }>(`/voucher-programmes/${id}/providers`),
    enabled: enabled && !!id,
    retry: noRetryOn4xx,
  });
}

/** The enterprise's paid service records (module A): what it may claim a voucher on. */
export function useClaimableRecords(enabled = true) {
  // The server leaves out records a claim already uses, so none is lost past the first page of claimed ones.
  const q = { page: 1, pageSize: 100 };
  return useQuery({
    queryKey: voucherKeys.records(q),
    queryFn: () => get<Page<ClaimableRecord>>('/voucher-claims/claimable', { ...q }),
    enabled,
    retry: noRetryOn4xx,
  });
}

export function useVoucherStats(q: { from?: string; to?: string }) {
  return useQuery({
    queryKey: voucherKeys.stats(q),
    queryFn: () => get<VoucherStats>('/stats/vouchers', { ...q }),
    retry: noRetryOn4xx,
  });
}

/**
 * A write in the voucher area: `path` from the variables, the method, and the body (`body` of the variables when
 * they carry one, else the variables). Whatever the answer, the voucher area is read again.
 */
export function useVoucherWrite<B = Record<string, unknown>, R = unknown>(
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
    onSettled: () => void qc.invalidateQueries({ queryKey: voucherKeys.all }),
  });
}

/** Creates a programme (no id) or changes one. */
export function useSaveProgramme(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id
        ? patch<VoucherProgramme>(`/voucher-programmes/${id}`, body)
        : post<VoucherProgramme>('/voucher-programmes', body),
    onSettled: () => void qc.invalidateQueries({ queryKey: voucherKeys.all }),
  });
}

/** The split and the limits of a claim before it is confirmed (nothing written; the same refusals as the claim). */
export function useClaimPreview(body: { serviceRecordId: string; quotaId: string | undefined }) {
  return useQuery({
    queryKey: ['vouchers', 'preview', body] as const,
    queryFn: () => post<ClaimPreview>('/voucher-claims/preview', body),
    enabled: !!body.quotaId,
    retry: false,
  });
}

/**
 * A settlement batch's CSV for the finance office: GBK when no encoding is named (the server's default; a character
 * GBK lacks becomes a placeholder), `gb18030` for every character, `utf-8` with a BOM.
 */
export const settlementCsvUrl = (id: string, encoding?: CsvEncoding) =>
  `${API_BASE}/voucher-settlements/${id}/export.csv${queryString({ encoding })}`;
