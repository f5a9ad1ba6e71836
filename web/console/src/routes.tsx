/** The console's routes; each page is its own chunk, loaded on first visit. */
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { PageSpinner } from './components/PageSpinner';
import { RequireSession } from './components/RequireSession';

const SignIn = lazy(() => import('./pages/SignIn'));
const SignedIn = lazy(() => import('./pages/SignedIn'));
const AppLayout = lazy(() => import('./components/AppLayout'));
const Queues = lazy(() => import('./pages/Queues'));
const CasePage = lazy(() => import('./pages/CasePage'));
const Register = lazy(() => import('./pages/Register'));
const Triage = lazy(() => import('./pages/Triage'));
const Search = lazy(() => import('./pages/Search'));
const Notifications = lazy(() => import('./pages/Notifications'));
const Assessment = lazy(() => import('./pages/Assessment'));
const ReplyTemplates = lazy(() => import('./pages/ReplyTemplates'));
const Hotspots = lazy(() => import('./pages/Hotspots'));
const DeadLetters = lazy(() => import('./pages/DeadLetters'));
const Ledgers = lazy(() => import('./pages/Ledgers'));
const NotFound = lazy(() => import('./pages/NotFound'));

export function ConsoleRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/signed-in" element={<SignedIn />} />
        <Route element={<RequireSession />}>
          <Route element={<AppLayout />}>
            <Route index element={<Queues />} />
            <Route path="cases/:trackingNumber" element={<CasePage />} />
            <Route path="register" element={<Register />} />
            <Route path="triage" element={<Triage />} />
            <Route path="search" element={<Search />} />
            <Route path="notifications" element={<Notifications />} />
            <Route path="assessment" element={<Assessment />} />
            <Route path="reply-templates" element={<ReplyTemplates />} />
            <Route path="ledgers" element={<Ledgers />} />
            <Route path="hotspots" element={<Hotspots />} />
            <Route path="dead-letters" element={<DeadLetters />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
