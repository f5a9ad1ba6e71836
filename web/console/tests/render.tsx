/** Rendering console components in happy-dom with the providers the app gives them. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Directory } from '../src/api/types';

const directory: Directory = {
  province: { id: 'zhejiang', name: '浙江省' },
  units: [
    { id: '330106-xinfang', name: '西湖区信访局', kind: 'bureau', level: 'county', regionCode: '330106' },
    {
      id: '330106-zhujian',
      name: '西湖区住房和城乡建设局',
      kind: 'organ',
      level: 'county',
      regionCode: '330106',
      categories: [],
    },
  ],
  regions: [{ code: '330106', name: '西湖区', level: 'county', parentCode: '330100' }],
  categories: [{ id: 'property-management', name: '物业管理', topic: '城乡建设' }],
  roles: [{ id: 'handler', name: '承办人' }],
  stages: [
    { id: 'awaiting_sign_for', name: '待签收' },
    { id: 'handling', name: '办理中' },
  ],
  calendar: { from: '2026-10-01', to: '2027-06-01', daysOff: ['2026-12-05', '2026-12-06'] },
  now: '2026-12-02T02:00:00.000Z',
};

/** Renders `ui` at `path` inside the app's providers, with the directory already in the cache. */
export function renderInApp(ui: ReactNode, path = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(['directory'], { ...directory, clockOffsetMs: Date.parse(directory.now) - Date.now() });
  return render(
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/" element={ui} />
            <Route path="/cases/:trackingNumber" element={<p>opened case</p>} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </ConfigProvider>,
  );
}

/** antd reads these, which happy-dom lacks. */
export function browserShims(): void {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
}
