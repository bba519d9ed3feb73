import { Card, Pagination, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { usePostEvents } from '../../api/envoys';
import type { SecondmentEvent, SecondmentPost } from '../../api/envoy-types';
import { LoadError } from '../../components/states';
import { useStatusLabel, useVLabels } from '../vouchers/shared';

const SUBJECTS: Record<SecondmentEvent['subject'], [string, string]> = {
  post: ['岗位', 'Post'],
  nomination: ['推荐', 'Nomination'],
  agreement: ['协议', 'Agreement'],
  log: ['工作记录', 'Work log'],
  evaluation: ['评价', 'Evaluation'],
  candidates: ['推荐专家', 'Ranking'],
};

/**
 * The post's audit trail (its enterprise and coordinators): every step of the post, its nominations, agreements,
 * logs, evaluations and rankings with who took it (none: the system), oldest first.
 */
export function EventsTab({ post: p }: { post: SecondmentPost }) {
  const l = useVLabels();
  const { bi } = l;
  const status = useStatusLabel();
  const [paging, setPaging] = useState({ page: 1, pageSize: 100 });
  const events = usePostEvents(p.id, paging);
  if (events.error) return <LoadError error={events.error} retry={() => void events.refetch()} />;
  const total = events.data?.total ?? 0;
  return (
    <Card size="small" title={bi('岗位记录', 'Audit trail')} loading={events.isLoading}>
      <Timeline
        items={(events.data?.items ?? []).map((e) => ({
          color: e.toStatus ? 'blue' : 'gray',
          children: (
            <Space orientation="vertical" size={0}>
              <span>
                {l.time(e.createdAt)} · {e.actor?.name ?? bi('系统', 'System')} ·{' '}
                <Tag>{SUBJECTS[e.subject] ? bi(...SUBJECTS[e.subject]) : e.subject}</Tag>
                <Typography.Text type="secondary">{e.kind}</Typography.Text>
                {e.toStatus ? ` ${e.fromStatus ? `${status(e.fromStatus)} → ` : ''}${status(e.toStatus)}` : ''}
              </span>
              {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
            </Space>
          ),
        }))}
      />
      {total > paging.pageSize && (
        <Pagination
          size="small"
          current={paging.page}
          pageSize={paging.pageSize}
          total={total}
          showSizeChanger={false}
          onChange={(page) => setPaging((x) => ({ ...x, page }))}
        />
      )}
    </Card>
  );
}
