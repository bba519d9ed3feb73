import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, get, post, setUnauthorizedHandler } from '../api/client';
import type { Me } from '../api/types';
import { canUse, type Area } from '../lib/roles';
import { Forbidden, Loading } from '../components/states';

interface Session {
  me: Me | null;
  loading: boolean;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery({
    queryKey: ['me'],
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
  useEffect(() => {
    setUnauthorizedHandler(() => {
      qc.setQueryData(['me'], null);
      void navigate('/login');
    });
  }, [qc, navigate]);
  const session: Session = {
    me: me.data ?? null,
    loading: me.isLoading,
    signOut: async () => {
      await post('/auth/logout').catch(() => undefined);
      qc.clear();
      qc.setQueryData(['me'], null);
      void navigate('/login');
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only inside routes guarded by RequireSession. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

/** A page for some roles only: everyone else sees 无权访问, not a blank page. */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const me = useMe();
  return canUse(me, area) ? <>{children}</> : <Forbidden />;
}
