/**
 * The petitioner's page (网上信访): write a petition, see the receipt, track the case, rate the
 * reply, ask for review or re-review. Hash routes, so one static file serves every page; the
 * elderly-friendly mode (适老化) is a class on <html>, kept in localStorage.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Home } from './pages/home.js';
import { ReceiptPage } from './pages/receipt.js';
import { Track } from './pages/track.js';
import { Write } from './pages/write.js';

type Route = 'home' | 'write' | 'receipt' | 'track';
const routes: Record<string, Route> = { '#/write': 'write', '#/receipt': 'receipt', '#/track': 'track' };

function routeOf(hash: string, current: Route): Route {
  // In-page anchors (the skip link) keep the page; only `#/…` changes it.
  if (hash !== '' && !hash.startsWith('#/')) return current;
  return routes[hash.split('?')[0] ?? ''] ?? 'home';
}

function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash, 'home'));
  useEffect(() => {
    const onChange = () => setRoute((current) => routeOf(location.hash, current));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function useElderlyMode(): [boolean, () => void] {
  const [on, setOn] = useState(() => document.documentElement.classList.contains('elderly'));
  const toggle = () => {
    const next = !on;
    document.documentElement.classList.toggle('elderly', next);
    try {
      localStorage.setItem('portal.elderly', next ? '1' : '0');
    } catch {
      // Private windows may refuse storage; the mode still applies until the page closes.
    }
    setOn(next);
  };
  return [on, toggle];
}

const titles: Record<Route, string> = {
  home: '网上信访',
  write: '我要写信',
  receipt: '信件已提交',
  track: '查询办理进度',
};

function App() {
  const route = useRoute();
  const [elderly, toggleElderly] = useElderlyMode();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = route === 'home' ? '网上信访' : `${titles[route]} · 网上信访`;
    // A new page takes the focus to its heading, so keyboard and screen-reader users start there.
    if (first.current) first.current = false;
    else main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);
  return (
    <>
      <a class="skip" href="#main">
        跳到主要内容
      </a>
      <header class="bar">
        <a class="brand" href="#/">
          网上信访
        </a>
        <button type="button" class="mode" aria-pressed={elderly} onClick={toggleElderly}>
          {elderly ? '关闭适老化模式' : '适老化模式'}
        </button>
      </header>
      <nav class="tabs" aria-label="主要功能">
        <a href="#/write" aria-current={route === 'write' ? 'page' : undefined}>
          我要写信
        </a>
        <a href="#/track" aria-current={route === 'track' ? 'page' : undefined}>
          查询办理进度
        </a>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {route === 'write' ? (
          <Write />
        ) : route === 'receipt' ? (
          <ReceiptPage />
        ) : route === 'track' ? (
          <Track />
        ) : (
          <Home />
        )}
      </main>
      <footer class="foot">
        <p>依据《信访工作条例》办理。受理编号和查询码请妥善保管，不要告诉他人。</p>
      </footer>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
