import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { API_BASE } from '../api/client';
import { useSession } from '../auth/session';
import { setLang } from '../i18n';
import { landingPath } from '../lib/roles';

/**
 * Signing in is a plain HTML form posted to the API: the server sets the HttpOnly session cookie and redirects to /,
 * so no script ever handles the token, and the page works before (or without) JavaScript.
 */
export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  if (me) return <Navigate to={landingPath(me)} replace />;
  const error = params.get('error');

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg,#f5f7fa,#e8edf3)',
        padding: 16,
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <Typography.Title level={3} style={{ marginBottom: 4, textAlign: 'center' }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.subtitle')}
        </Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            title={error === 'locked' ? t('login.locked') : t('login.failed')}
            showIcon
            style={{ marginBottom: 16 }}
          />
        )}
        <form method="post" action={`${API_BASE}/auth/login`} onSubmit={() => setBusy(true)}>
          <div style={{ marginBottom: 16 }}>
            <label htmlFor="email" style={{ display: 'block', marginBottom: 6 }}>
              {t('login.email')}
            </label>
            <Input
              id="email"
              name="email"
              type="email"
              required
              autoComplete="username"
              prefix={<MailOutlined />}
              defaultValue={params.get('email') ?? ''}
            />
          </div>
          <div style={{ marginBottom: 24 }}>
            <label htmlFor="password" style={{ display: 'block', marginBottom: 6 }}>
              {t('login.password')}
            </label>
            <Input.Password
              id="password"
              name="password"
              required
              autoComplete="current-password"
              prefix={<LockOutlined />}
            />
          </div>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </form>
        <nav
          aria-label={t('hall.browse')}
          style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'center', gap: 12, marginTop: 20 }}
        >
          <Typography.Text type="secondary">{t('hall.browse')}</Typography.Text>
          <Link to="/hall/needs">{t('hall.needs')}</Link>
          <Link to="/hall/capabilities">{t('hall.capabilities')}</Link>
        </nav>
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Button type="link" size="small" onClick={() => setLang(i18n.language === 'en' ? 'zh' : 'en')}>
            {t('app.language')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
