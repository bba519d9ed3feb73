import { EditOutlined, GlobalOutlined } from '@ant-design/icons';
import { Button, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useChallenge, useNotice } from '../../api/challenges';
import type { ChallengeStatus } from '../../api/challenge-types';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../components/states';
import { ApplicationsTab } from './ApplicationsTab';
import { AwardTab } from './AwardTab';
import { ChallengeFacts, fromNotice } from './ChallengeFacts';
import { EventsTab } from './EventsTab';
import { MilestonesTab } from './MilestonesTab';
import { NoticeTab } from './NoticeTab';
import { ReviewTab } from './ReviewTab';
import { ChallengeStatusTag, roleIn } from './shared';
import { StepsBar } from './StepsBar';

const AFTER_PUBLICATION: readonly ChallengeStatus[] = ['published', 'reviewing', 'notice', 'awarded', 'completed'];
const FROM_REVIEW: readonly ChallengeStatus[] = ['reviewing', 'notice', 'awarded', 'completed'];
const FROM_NOTICE: readonly ChallengeStatus[] = ['notice', 'awarded', 'completed'];
const FROM_AWARD: readonly ChallengeStatus[] = ['awarded', 'completed'];

/**
 * One challenge (/challenges/:id) as the caller may work on it: what it says, its next steps, and a tab per stage —
 * applications, the expert review (coordinators), the public notice and its objections, the award, the milestones
 * and the ledger, the audit trail. The open tab is in the address (?tab=), so a stage can be linked to.
 */
export default function ChallengePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const challenge = useChallenge(id);
  const st = challenge.data?.status;
  const notice = useNotice(id, st === 'notice' || st === 'awarded' || st === 'completed');
  if (challenge.isLoading) return <Loading />;
  if (challenge.error || !challenge.data) return <LoadError error={challenge.error} />;
  const c = challenge.data;
  const { coordinator, issuer } = roleIn(me, c);
  const actor = coordinator ? 'coordinator' : issuer ? 'issuer' : 'other';
  // Before publication its authors change everything; after it, coordinators only the deadline and the wording.
  const editable =
    ((coordinator || issuer) && (c.status === 'draft' || c.status === 'pending_approval')) ||
    (coordinator && c.status === 'published');
  const was = (list: readonly ChallengeStatus[]) =>
    list.includes(c.status) || (c.status === 'failed' && !!c.publishedAt && list === AFTER_PUBLICATION);

  const tabs = [
    {
      key: 'overview',
      label: t('ch.overview'),
      children: (
        <ChallengeFacts
          challenge={c}
          winners={(notice.data?.intendedWinners ?? []).map(fromNotice)}
          origin={
            c.sourceNeed
              ? { label: t('ch.sourceNeed'), node: <Link to={`/needs/${c.sourceNeed.id}`}>{c.sourceNeed.title}</Link> }
              : c.commonProblemId
                ? {
                    label: t('ch.sourceProblem'),
                    node: <Link to={`/common-problems/${c.commonProblemId}`}>{t('ch.openProblem')}</Link>,
                  }
                : null
          }
        />
      ),
    },
    ...(was(AFTER_PUBLICATION) && (coordinator || !issuer)
      ? [
          {
            key: 'applications',
            label: coordinator ? t('ch.applications') : t('ch.myApplication'),
            children: <ApplicationsTab challenge={c} coordinator={coordinator} />,
          },
        ]
      : []),
    ...(coordinator && was(AFTER_PUBLICATION)
      ? [{ key: 'review', label: t('ch.panelTab'), children: <ReviewTab challenge={c} /> }]
      : []),
    ...(was(FROM_REVIEW) && (coordinator || was(FROM_NOTICE))
      ? [{ key: 'notice', label: t('ch.noticeTab'), children: <NoticeTab challenge={c} coordinator={coordinator} /> }]
      : []),
    ...(coordinator && was(FROM_NOTICE)
      ? [{ key: 'award', label: t('ch.awardTab'), children: <AwardTab challenge={c} /> }]
      : []),
    ...(was(FROM_AWARD)
      ? [
          {
            key: 'milestones',
            label: t('ch.milestonesTab'),
            children: <MilestonesTab challenge={c} coordinator={coordinator} issuer={issuer} />,
          },
        ]
      : []),
    ...(coordinator || issuer
      ? [{ key: 'audit', label: t('ch.auditTab'), children: <EventsTab challengeId={c.id} /> }]
      : []),
  ];
  const asked = params.get('tab');
  const active = tabs.some((x) => x.key === asked) ? asked! : 'overview';
  const open = (tab: string) => setParams(tab === 'overview' ? {} : { tab }, { replace: true });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {c.title}
          </Typography.Title>
          <ChallengeStatusTag status={c.status} />
        </Space>
        <Space wrap>
          {editable && (
            <Link to={`/challenges/${c.id}/edit`}>
              <Button icon={<EditOutlined />}>{t('common.edit')}</Button>
            </Link>
          )}
          {was(AFTER_PUBLICATION) && (
            <Link to={`/hall/challenges/${c.id}`}>
              <Button icon={<GlobalOutlined />}>{t('ch.hall')}</Button>
            </Link>
          )}
        </Space>
      </Space>
      <StepsBar challenge={c} actor={actor} onOpenTab={open} />
      <Tabs activeKey={active} onChange={open} items={tabs} destroyOnHidden />
    </Space>
  );
}
