import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from './client';
import type { MutationUi } from './mutation';
import type { Organization, OrganizationDirectoryEntry, Page } from './types';

export interface OrganizationQuery {
  page: number;
  pageSize: number;
  kind?: string;
  district?: string;
  q?: string;
}

export const organizationKeys = {
  all: ['organizations'] as const,
  list: (q: OrganizationQuery) => ['organizations', 'list', q] as const,
  directory: (q: OrganizationDirectoryQuery) => ['organizations', 'directory', q] as const,
};

export interface OrganizationDirectoryQuery {
  q?: string;
  kind?: string;
  page?: number;
  pageSize?: number;
}

export function useOrganizationPage(q: OrganizationQuery, options: { retry?: boolean; staleTime?: number } = {}) {
  return useQuery({
    queryKey: organizationKeys.list(q),
    queryFn: () => get<Page<Organization>>('/organizations', { ...q }),
    placeholderData: (prev) => prev,
    ...options,
  });
}

/** The directory any signed-in user may search by name (a consortium's partners): public facts only. */
export function useOrganizationDirectory(q: OrganizationDirectoryQuery) {
  return useQuery({
    queryKey: organizationKeys.directory(q),
    queryFn: () => get<Page<OrganizationDirectoryEntry>>('/organizations/directory', { ...q }),
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
}

/** Creates an organisation (`id` absent) or changes one. */
export function useSaveOrganization(
  id: string | undefined,
  ui: MutationUi<Organization, Record<string, unknown>> = {},
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id ? patch<Organization>(`/organizations/${id}`, body) : post<Organization>('/organizations', body),
    onSuccess: (o, body) => {
      void qc.invalidateQueries({ queryKey: organizationKeys.all });
      ui.onSuccess?.(o, body);
    },
    onError: ui.onError,
  });
}
