import { useSyncExternalStore } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { currentSession, onSessionChange, type Session } from '../auth/session';

const subscribe = (listener: () => void) => onSessionChange(listener);
const snapshot = () => sessionStorage.getItem('console.session');

/** The signed-in staff member; re-renders on sign-in and sign-out. */
export function useSession(): Session | undefined {
  useSyncExternalStore(subscribe, snapshot);
  return currentSession();
}

/** Pages behind it need a session; without one the sign-in page opens, then comes back. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (!session)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}
