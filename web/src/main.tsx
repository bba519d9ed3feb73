import { cspNonce } from './csp';
import './i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './App';
import { SessionProvider } from './auth/session';
import { useReducedMotion } from './hooks/useReducedMotion';

// antd's runtime styles carry the page's CSP nonce (see csp.ts), so the policy refuses every other inline style.
const nonce = cspNonce && !cspNonce.startsWith('__') ? cspNonce : undefined;

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

function Root() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  dayjs.locale(zh ? 'zh-cn' : 'en');
  // Dialogs, dropdowns and messages appear without zooming or sliding for people who asked for less motion.
  const motion = !useReducedMotion();
  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      csp={nonce ? { nonce } : undefined}
      theme={{ token: { colorPrimary: '#b7202e', borderRadius: 4, fontSize: 14, motion } }}
    >
      <AntApp>
        <BrowserRouter>
          <QueryClientProvider client={queryClient}>
            <SessionProvider>
              <AppRoutes />
            </SessionProvider>
          </QueryClientProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
