import { LoginOutlined } from '@ant-design/icons';
import { Button, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { Loading } from '../components/states';
import { setLang } from '../i18n';
import { AppLayout } from './AppLayout';

/** The sign-in page as a link: an address to open or copy, followed inside the console without reloading it. */
export function SignInLink({ children, primary = false }: { children: ReactNode; primary?: boolean }) {
  const navigate = useNavigate();
  return (
    <Button
      type={primary ? 'primary' : 'default'}
      href="/login"
      icon={<LoginOutlined />}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        void navigate('/login');
      }}
    >
      {children}
    </Button>
  );
}

/** The frame of a page anyone may read: the console's own for signed-in users, a light public one for visitors. */
export function HallFrame({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  return me ? <AppLayout>{children}</AppLayout> : <PublicLayout>{children}</PublicLayout>;
}

function PublicLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const link = ({ isActive }: { isActive: boolean }) => ({
    color: isActive ? '#b7202e' : 'rgba(0,0,0,0.88)',
    fontWeight: isActive ? 600 : 400,
    borderBottom: isActive ? '2px solid #b7202e' : '2px solid transparent',
    padding: '4px 2px',
    whiteSpace: 'nowrap' as const,
  });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: '#fff',
          height: 'auto',
          lineHeight: 'normal',
          padding: '10px 16px',
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          columnGap: 20,
          rowGap: 8,
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('app.name')}
        </Typography.Text>
        <nav aria-label={t('hall.needs') + ' / ' + t('hall.capabilities')} style={{ display: 'flex', gap: 16 }}>
          <NavLink to="/hall/needs" style={link}>
            {t('hall.needs')}
          </NavLink>
          <NavLink to="/hall/capabilities" style={link}>
            {t('hall.capabilities')}
          </NavLink>
          <NavLink to="/hall/challenges" style={link}>
            {t('ch.hall')}
          </NavLink>
        </nav>
        <div style={{ flex: 1 }} />
        <div style={{ display: 'flex', gap: 8 }}>
          <Button size="middle" onClick={() => setLang(i18n.language === 'en' ? 'zh' : 'en')}>
            {t('app.language')}
          </Button>
          <SignInLink primary>{t('hall.signIn')}</SignInLink>
        </div>
      </Layout.Header>
      <Layout.Content style={{ padding: 'clamp(8px, 2vw, 16px)' }}>
        <main style={{ background: '#fff', padding: 'clamp(12px, 3vw, 24px)', minHeight: 360, borderRadius: 4 }}>
          {children}
        </main>
      </Layout.Content>
    </Layout>
  );
}
