/**
 * The staff console (信访工作台): zh-CN Ant Design, server state in TanStack Query, each route's
 * code loaded when the route is first opened.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { ConsoleRoutes } from './routes';
import './console.css';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // Two-character Chinese button names stay as written (签收, not 签 收): that is their accessible name.
      button={{ autoInsertSpace: false }}
      theme={{
        // Secondary and placeholder text darker than Ant Design's defaults: WCAG AA contrast (4.5:1).
        token: {
          colorPrimary: '#b71c1c',
          // Links darker than the default blue: 4.5:1 on white and on the alerts' tinted backgrounds.
          colorLink: '#0950c2',
          colorLinkHover: '#003a8c',
          borderRadius: 4,
          colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
          colorTextDisabled: 'rgba(0, 0, 0, 0.6)',
        },
      }}
    >
      <QueryClientProvider client={queryClient}>
        <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, '')}>
          <ConsoleRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
