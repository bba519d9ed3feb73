import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from '../api/client';
import { endSession, meKey, useMeQuery } from '../api/me';
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
  const me = useMeQuery();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      qc.setQueryData(meKey, null);
      void navigate('/login');
    });
  }, [qc, navigate]);
  const session: Session = {
    me: me.data ?? null,
    loading: me.isLoading,
    signOut: async () => {
      await endSession();
      qc.clear();
      qc.setQueryData(meKey, null);
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
