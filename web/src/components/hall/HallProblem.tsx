import { LockOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import type { HallKind } from '../../api/hall';
import { LoadError } from '../states';
import { SignInLink } from '../../layout/HallLayout';

/** The server kept the halls to signed-in users (PUBLIC_HALLS=false): say so, and where to sign in. */
export function SignInToRead() {
  const { t } = useTranslation();
  return (
    <Result
      icon={<LockOutlined />}
      title={t('hall.signInTitle')}
      subTitle={t('hall.signInHint')}
      extra={<SignInLink primary>{t('hall.signIn')}</SignInLink>}
    />
  );
}

/**
 * What a hall page shows when the API said no, in words: sign in (401), too many requests (429, with the wait the
 * server asked for), nothing searchable in the words (400 naming q), gone (404); anything else as any page does.
 */
export function HallProblem({
  error,
  kind,
  q,
  onClearWords,
  retry,
}: {
  error: unknown;
  kind: HallKind;
  q?: string;
  onClearWords?: () => void;
  retry?: () => void;
}) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError)) return <LoadError error={error} retry={retry} />;
  switch (error.status) {
    case 401:
      return <SignInToRead />;
    case 429:
      return (
        <Result
          status="warning"
          title={t('hall.tooMany')}
          subTitle={
            error.retryAfter ? t('hall.tooManyWait', { seconds: Math.ceil(error.retryAfter) }) : t('hall.tooManyLater')
          }
          extra={retry && <Button onClick={retry}>{t('common.retry')}</Button>}
        />
      );
    case 404:
      return (
        <Result
          status="404"
          title={kind === 'needs' ? t('hall.notFoundNeed') : t('hall.notFoundCapability')}
          extra={
            <Link to={`/hall/${kind}`}>
              <Button type="primary">{t('hall.back', { hall: t(`hall.${kind}`) })}</Button>
            </Link>
          }
        />
      );
    case 400: {
      const words = error.fieldErrors.some((f) => f.field === 'q');
      return (
        <Result
          status="info"
          title={words ? t('hall.notSearchable', { q: q ?? '' }) : t('hall.badQuery')}
          subTitle={words ? t('hall.notSearchableHint') : error.message}
          extra={words && onClearWords && <Button onClick={onClearWords}>{t('hall.clear')}</Button>}
        />
      );
    }
    default:
      return <LoadError error={error} retry={retry} />;
  }
}
