import { Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMyReviews } from '../../api/challenges';
import type { MyReview, ReviewState } from '../../api/challenge-types';
import { LoadError } from '../../components/states';
import { ChallengeStatusTag, score } from './shared';

const STATE_COLOR: Record<ReviewState, string> = {
  todo: 'orange',
  draft: 'blue',
  submitted: 'green',
  excluded: 'default',
};
const ORDER: Record<ReviewState, number> = { todo: 0, draft: 1, submitted: 2, excluded: 3 };

/**
 * 我的评审 (/my-reviews): an expert's assignments across challenges, the ones still to do first. j / k move, Enter
 * opens the selected one's sheet.
 */
export default function MyReviewsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useMyReviews();
  const [selected, setSelected] = useState(0);
  const items = [...(list.data?.items ?? [])].sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  const open = (r: MyReview | undefined) => {
    if (r && r.state !== 'excluded') void navigate(`/my-reviews/${r.challengeId}/${r.applicationId}`);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (target && /^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(target.tagName)))
        return;
      if (e.key === 'j' || e.key === 'ArrowDown') setSelected((i) => Math.min(items.length - 1, i + 1));
      else if (e.key === 'k' || e.key === 'ArrowUp') setSelected((i) => Math.max(0, i - 1));
      else if (e.key === 'Enter') open(items[selected]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ch.myReviews')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('ch.myReviewsIntro')}</Typography.Text>
      </Space>
      {list.error ? (
        <LoadError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<MyReview>
          size="middle"
          rowKey={(r) => `${r.challengeId}/${r.applicationId}`}
          loading={list.isFetching}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('ch.reviewEmpty') }}
          onRow={(r, i) => ({
            onClick: () => setSelected(i ?? 0),
            onDoubleClick: () => open(r),
            style: i === selected ? { background: '#e6f4ff' } : undefined,
            'aria-selected': i === selected,
          })}
          columns={[
            {
              title: t('ch.list'),
              render: (_, r) => (
                <Space size={4} wrap>
                  {r.challengeTitle}
                  <ChallengeStatusTag status={r.challengeStatus} />
                </Space>
              ),
            },
            { title: t('ch.appTitle'), render: (_, r) => r.applicationTitle ?? '—' },
            { title: t('ch.lead'), render: (_, r) => r.leadOrganizationName ?? '—' },
            {
              title: t('ch.status'),
              render: (_, r) => (
                <Tooltip title={r.excludedReason ?? undefined}>
                  <Tag color={STATE_COLOR[r.state]}>{t(`ch.state.${r.state}`)}</Tag>
                </Tooltip>
              ),
            },
            { title: t('ch.weighted'), dataIndex: 'weighted', render: (n: number | null) => score(n) },
            {
              title: t('common.actions'),
              render: (_, r) =>
                r.state !== 'excluded' && (
                  <Button size="small" type={r.state === 'submitted' ? 'default' : 'primary'} onClick={() => open(r)}>
                    {t('ch.open')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </Space>
  );
}
