import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { setLang } from '../i18n';
import { landingPath } from '../lib/roles';

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const { me, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  if (me) return <Navigate to={from ?? landingPath(me)} replace />;

  const submit = async (v: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const fresh = await signIn(v.email.trim(), v.password);
      void navigate(from ?? landingPath(fresh), { replace: true });
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 429
          ? t('login.locked')
          : e instanceof ApiError && e.status === 401
            ? t('login.failed')
            : String(e),
      );
    } finally {
      setBusy(false);
    }
  };

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
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          onFinish={(v: { email: string; password: string }) => void submit(v)}
          requiredMark={false}
        >
          <Form.Item
            label={t('login.email')}
            name="email"
            rules={[{ required: true, message: t('login.required', { field: t('login.email') }) }]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" type="email" />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button type="link" size="small" onClick={() => setLang(i18n.language === 'en' ? 'zh' : 'en')}>
            {t('app.language')}
          </Button>
        </div>
      </Card>
    </div>
  );
}
