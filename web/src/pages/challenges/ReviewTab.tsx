import { App, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useChallengeWrite, usePanel, useRanking } from '../../api/challenges';
import type { Challenge, RankingRow } from '../../api/challenge-types';
import { useUserPage } from '../../api/users';
import type { User } from '../../api/types';
import { LoadError } from '../../components/states';
import { ApplicationStatusTag, score, useErrorText } from './shared';

/** Panel members can change until the notice; the shortlist is taken in review. */
const PANEL_OPEN = ['draft', 'pending_approval', 'published', 'reviewing'];

/**
 * The coordinators' review tab: the expert panel (users flagged as experts, from any organisation), with each
 * expert's progress; the weighted ranking with its spread and every reviewer's total; the shortlist.
 */
export function ReviewTab({ challenge: c }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const panel = usePanel(c.id);
  const ranking = useRanking(c.id);
  const users = useUserPage({ page: 1, pageSize: 100 });
  const [picked, setPicked] = useState<string[] | null>(null);
  const [shortlist, setShortlist] = useState<string[] | null>(null);
  const savePanel = useChallengeWrite<{ userIds: string[] }>(c.id, () => `/challenges/${c.id}/panel`, 'PUT');
  const saveShortlist = useChallengeWrite<{ applicationIds: string[] }>(c.id, () => `/challenges/${c.id}/shortlist`);

  const members = panel.data?.members ?? [];
  const experts = (users.data?.items ?? []).filter((u: User) => u.expert);
  const current = picked ?? members.map((m) => m.userId);
  const rows = ranking.data?.items ?? [];
  const chosen = shortlist ?? rows.filter((r) => r.status === 'shortlisted').map((r) => r.applicationId);
  const done = () => {
    void panel.refetch();
    void ranking.refetch();
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('ch.panel')}>
        {panel.error ? (
          <LoadError error={panel.error} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Table
              size="small"
              rowKey="userId"
              pagination={false}
              dataSource={members}
              locale={{ emptyText: t('ch.panelEmpty') }}
              columns={[
                { title: t('ch.memberName'), dataIndex: 'name' },
                { title: t('common.organization'), dataIndex: 'organizationName' },
                {
                  title: t('ch.sheetsTitle'),
                  render: (_, m) =>
                    m.expected === undefined
                      ? '—'
                      : t('ch.sheets', { submitted: m.submitted ?? 0, expected: m.expected }) +
                        (m.excluded ? ` · ${t('ch.state.excluded')} ${m.excluded}` : ''),
                },
              ]}
            />
            {PANEL_OPEN.includes(c.status) && (
              <Space wrap style={{ width: '100%' }}>
                <Select
                  mode="multiple"
                  aria-label={t('ch.panelPick')}
                  placeholder={t('ch.panelPick')}
                  style={{ minWidth: 360 }}
                  value={current}
                  optionFilterProp="label"
                  onChange={setPicked}
                  options={[
                    ...experts.map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` })),
                    ...members
                      .filter((m) => !experts.some((u) => u.id === m.userId))
                      .map((m) => ({ value: m.userId, label: `${m.name} · ${m.organizationName}` })),
                  ]}
                />
                <Button
                  type="primary"
                  loading={savePanel.isPending}
                  disabled={picked === null}
                  onClick={() =>
                    savePanel.mutate(
                      { userIds: current },
                      {
                        onSuccess: () => {
                          void message.success(t('ch.panelSaved'));
                          setPicked(null);
                          done();
                        },
                        onError: (e) => void message.error(errorText(e), 8),
                      },
                    )
                  }
                >
                  {t('ch.panelSave')}
                </Button>
              </Space>
            )}
          </Space>
        )}
      </Card>
      <Card
        size="small"
        title={t('ch.ranking')}
        extra={
          c.status === 'reviewing' && (
            <Button
              type="primary"
              disabled={chosen.length === 0 || shortlist === null}
              loading={saveShortlist.isPending}
              onClick={() =>
                saveShortlist.mutate(
                  { applicationIds: chosen },
                  {
                    onSuccess: () => {
                      void message.success(t('ch.shortlisted'));
                      setShortlist(null);
                      done();
                    },
                    onError: (e) => void message.error(errorText(e), 8),
                  },
                )
              }
            >
              {t('ch.shortlist')}
            </Button>
          )
        }
      >
        {ranking.error ? (
          <LoadError error={ranking.error} />
        ) : (
          <Table<RankingRow>
            size="small"
            rowKey="applicationId"
            pagination={false}
            loading={ranking.isFetching}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            rowSelection={
              c.status === 'reviewing'
                ? {
                    selectedRowKeys: chosen,
                    onChange: (keys) => setShortlist(keys.map(String)),
                    getCheckboxProps: (r) => ({ disabled: r.status === 'withdrawn', 'aria-label': r.title }),
                  }
                : undefined
            }
            expandable={{
              expandedRowRender: (r) => (
                <Space size={[8, 8]} wrap>
                  <Typography.Text type="secondary">{t('ch.reviewers')}：</Typography.Text>
                  {r.reviewers.map((x) => (
                    <Tooltip key={x.reviewerId} title={x.excludedReason ?? undefined}>
                      <Tag color={x.excludedReason ? 'default' : x.submittedAt ? 'blue' : 'orange'}>
                        {x.name}：
                        {x.excludedReason
                          ? t('ch.state.excluded')
                          : x.submittedAt
                            ? score(x.weighted)
                            : t('ch.state.todo')}
                      </Tag>
                    </Tooltip>
                  ))}
                </Space>
              ),
            }}
            columns={[
              { title: '#', dataIndex: 'rank', width: 48 },
              {
                title: t('ch.appTitle'),
                dataIndex: 'title',
                render: (title: string, r) => (
                  <Link to={`/challenges/${c.id}/applications/${r.applicationId}`}>{title}</Link>
                ),
              },
              { title: t('ch.lead'), dataIndex: 'leadOrganizationName' },
              {
                title: t('ch.status'),
                dataIndex: 'status',
                render: (s: string) => <ApplicationStatusTag status={s} />,
              },
              {
                title: t('ch.mean'),
                dataIndex: 'meanWeighted',
                render: (n: number | null) => <Typography.Text strong>{score(n)}</Typography.Text>,
              },
              {
                title: t('ch.spread'),
                render: (_, r) =>
                  r.spread.min == null
                    ? '—'
                    : t('ch.spreadText', {
                        min: score(r.spread.min),
                        max: score(r.spread.max),
                        sd: score(r.spread.stdDev),
                      }),
              },
              {
                title: t('ch.sheetsTitle'),
                render: (_, r) => t('ch.sheets', { submitted: r.submitted, expected: r.expected }),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
