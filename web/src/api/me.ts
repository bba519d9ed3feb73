import { useQuery } from '@tanstack/react-query';
import { ApiError, get, post } from './client';
import type { Me } from './types';

export const meKey = ['me'] as const;

/** The signed-in user and organisation; null when signed out (401). */
export function useMeQuery() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await get<Me>('/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** Ends the session (the server clears the cookie); failures are ignored, the console signs out either way. */
export const endSession = () => post('/auth/logout').catch(() => undefined);
