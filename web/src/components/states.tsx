import { Button, Empty, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip={t('app.loading')}>
        <div style={{ padding: 24 }} />
      </Spin>
    </div>
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={t('common.forbiddenHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.goHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.goHome')}</Button>
        </Link>
      }
    />
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403) return <Forbidden />;
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  return (
    <Result
      status="error"
      title={t('common.error')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={retry ? <Button onClick={retry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

export function EmptyState({ text, action }: { text: string; action?: React.ReactNode }) {
  return (
    <Empty description={text} style={{ padding: '32px 0' }}>
      {action}
    </Empty>
  );
}
