import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useHallChallenge } from '../../api/challenges';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { HallProblem } from '../../components/hall/HallProblem';
import { Loading } from '../../components/states';
import { SignInLink } from '../../layout/HallLayout';
import { ChallengeFacts, fromHall } from '../challenges/ChallengeFacts';
import { ChallengeStatusTag } from '../challenges/shared';

/**
 * One public challenge (/hall/challenges/:id): what it asks, its indicators, funding, eligibility, deadline and
 * milestones; in the public notice, the intended winners and how to object. Visitors are shown the way to sign in
 * and apply; signed-in users the challenge's page in the console.
 */
export default function HallChallengePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '';
  const challenge = useHallChallenge(id);
  const back = (
    <Link to={`/hall/challenges${from}`}>
      <ArrowLeftOutlined /> {t('ch.backToHall')}
    </Link>
  );
  if (challenge.isLoading) return <Loading />;
  if (challenge.error || !challenge.data) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {back}
        {challenge.error instanceof ApiError && challenge.error.status === 404 ? (
          <Result status="404" title={t('ch.notFound')} />
        ) : (
          <HallProblem error={challenge.error} kind="needs" retry={() => void challenge.refetch()} />
        )}
      </Space>
    );
  }
  const c = challenge.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {back}
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 8px', overflowWrap: 'anywhere' }}>
          {c.title}
        </Typography.Title>
        <Space size={[8, 4]} wrap>
          <ChallengeStatusTag status={c.status} />
          <Typography.Text type="secondary">{t('ch.hall')}</Typography.Text>
          {me && (
            <Link to={`/challenges/${c.id}`}>
              <Button size="small" type={c.open ? 'primary' : 'default'}>
                {c.open ? t('ch.apply') : t('ch.openInConsole')}
              </Button>
            </Link>
          )}
        </Space>
      </div>
      {!me && c.open && (
        <Alert
          type="info"
          showIcon
          title={t('ch.signInToApply')}
          action={<SignInLink primary>{t('hall.signIn')}</SignInLink>}
        />
      )}
      {c.objections && (
        <Alert
          type="warning"
          showIcon
          title={`${t('ch.noticeEndsOn')}：${c.objections.until}`}
          description={c.objections.how}
        />
      )}
      <ChallengeFacts challenge={c} winners={c.winners.map(fromHall)} visitor />
    </Space>
  );
}
