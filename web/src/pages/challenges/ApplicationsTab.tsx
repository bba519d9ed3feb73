import { Alert, Button, Card, Empty, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useApplications } from '../../api/challenges';
import type { Challenge, ChallengeApplication } from '../../api/challenge-types';
import { useMe } from '../../auth/session';
import { LoadError } from '../../components/states';
import { ApplicationStatusTag, useChLabels } from './shared';

/**
 * The applications of a challenge: all of them for coordinators; for everyone else their own organisation's only
 * (the server sends no other), with the way to apply while the challenge is open.
 */
export function ApplicationsTab({ challenge: c, coordinator }: { challenge: Challenge; coordinator: boolean }) {
  const { t } = useTranslation();
  const l = useChLabels();
  const me = useMe();
  const navigate = useNavigate();
  const apps = useApplications(c.id);
  if (apps.error) return <LoadError error={apps.error} retry={() => void apps.refetch()} />;
  const items = apps.data?.items ?? [];
  // The caller's organisation's live part: an application it leads, or a consortium it joined or is invited to.
  const live = items.filter(
    (a) =>
      a.status !== 'withdrawn' &&
      (a.lead.id === me.organization.id ||
        a.members.some((m) => m.organization.id === me.organization.id && m.status !== 'declined')),
  );
  const open = c.status === 'published' && dayjs().isBefore(dayjs(c.applicationDeadline));
  const mayApply = open && !coordinator && c.issuer?.id !== me.organization.id && live.length === 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {!coordinator && live.length === 0 && (
        <Alert
          type="info"
          showIcon
          title={t('ch.noApplication')}
          action={
            mayApply && (
              <Button type="primary" onClick={() => void navigate(`/challenges/${c.id}/apply`)}>
                {t('ch.apply')}
              </Button>
            )
          }
        />
      )}
      {items.length === 0 && coordinator ? (
        <Card>
          <Empty />
        </Card>
      ) : items.length > 0 ? (
        <Table<ChallengeApplication>
          size="middle"
          rowKey="id"
          loading={apps.isFetching}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('ch.appTitle'),
              dataIndex: 'title',
              render: (title: string, a) => <Link to={`/challenges/${c.id}/applications/${a.id}`}>{title}</Link>,
            },
            { title: t('ch.lead'), render: (_, a) => a.lead.name },
            {
              title: t('ch.consortium'),
              render: (_, a) =>
                a.members.length > 1
                  ? a.members
                      .filter((m) => !m.isLead)
                      .map((m) =>
                        m.status === 'accepted'
                          ? m.organization.name
                          : `${m.organization.name}（${t(`ch.membership.${m.status}`)}）`,
                      )
                      .join('、')
                  : t('ch.alone'),
            },
            { title: t('ch.status'), dataIndex: 'status', render: (s: string) => <ApplicationStatusTag status={s} /> },
            { title: t('ch.submittedAt'), dataIndex: 'submittedAt', render: (d: string) => l.time(d) },
          ]}
        />
      ) : null}
    </Space>
  );
}
