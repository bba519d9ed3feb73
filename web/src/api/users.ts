import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from './client';
import type { MutationUi } from './mutation';
import type { Page, Role, User } from './types';

export interface UserQuery {
  page: number;
  pageSize: number;
  role?: Role;
  organizationId?: string;
  /** Only experts (评审专家, who may sit on a challenge review panel) or only non-experts. */
  expert?: boolean;
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  organizationId: string;
}

export interface UserChange {
  id: string;
  body: { role?: Role; active?: boolean; expert?: boolean };
}

export const userKeys = {
  all: ['users'] as const,
  list: (q: UserQuery) => ['users', 'list', q] as const,
};

export function useUserPage(q: UserQuery) {
  return useQuery({
    queryKey: userKeys.list(q),
    queryFn: () => get<Page<User>>('/users', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useCreateUser(ui: MutationUi<User, NewUser> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => post<User>('/users', body),
    onSuccess: (u, body) => {
      void qc.invalidateQueries({ queryKey: userKeys.all });
      ui.onSuccess?.(u, body);
    },
    onError: ui.onError,
  });
}

export function useUpdateUser(ui: MutationUi<User, UserChange> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: UserChange) => patch<User>(`/users/${id}`, body),
    onSuccess: (u, change) => {
      void qc.invalidateQueries({ queryKey: userKeys.all });
      ui.onSuccess?.(u, change);
    },
    onError: ui.onError,
  });
}
