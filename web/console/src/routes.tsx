/** The console's routes; each page is its own chunk, loaded on first visit. */
import type { RouteObject } from 'react-router';
import { RequireSession } from './components/RequireSession';

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const routes: RouteObject[] = [
  { path: '/sign-in', lazy: page(() => import('./pages/SignIn')) },
  { path: '/signed-in', lazy: page(() => import('./pages/SignedIn')) },
  {
    path: '/',
    element: <RequireSession />,
    children: [
      {
        lazy: page(() => import('./components/AppLayout')),
        children: [
          { index: true, lazy: page(() => import('./pages/Queues')) },
          { path: 'cases/:trackingNumber', lazy: page(() => import('./pages/CasePage')) },
          { path: 'register', lazy: page(() => import('./pages/Register')) },
          { path: 'triage', lazy: page(() => import('./pages/Triage')) },
          { path: 'search', lazy: page(() => import('./pages/Search')) },
          { path: 'notifications', lazy: page(() => import('./pages/Notifications')) },
          { path: 'assessment', lazy: page(() => import('./pages/Assessment')) },
          { path: '*', lazy: page(() => import('./pages/NotFound')) },
        ],
      },
    ],
  },
];
