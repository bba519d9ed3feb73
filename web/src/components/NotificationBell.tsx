import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, post } from '../api/client';
import type { InboxItem } from '../api/types';

/** The inbox: unread count on the bell (checked every 30 s), the latest messages, a click opens the match. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const inbox = useQuery({
    queryKey: ['inbox'],
    queryFn: () => get<{ items: InboxItem[]; unread: number }>('/notifications', { pageSize: 10 }),
    refetchInterval: 30_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => post(`/notifications/${id}/read`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const readAll = useMutation({
    mutationFn: () => post('/notifications/read-all'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const items = inbox.data?.items ?? [];
  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }}>
      {items.length === 0 ? (
        <Empty description={t('bell.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1 }}
              onClick={() => {
                if (!n.readAt) read.mutate(n.id);
                if (n.matchId && n.type !== 'match.suggested') void navigate(`/matches/${n.matchId}`);
                else if (n.type === 'match.suggested') void navigate('/review');
                else if (n.needId) void navigate(`/needs/${n.needId}`);
              }}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                    {n.body}
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <span style={{ display: 'flex', justifyContent: 'space-between' }}>
          {t('bell.title')}
          {(inbox.data?.unread ?? 0) > 0 && (
            <Button size="small" type="link" onClick={() => readAll.mutate()}>
              {t('bell.readAll')}
            </Button>
          )}
        </span>
      }
      content={content}
    >
      <Badge count={inbox.data?.unread ?? 0} size="small">
        <Button type="text" icon={<BellOutlined />} aria-label={t('bell.title')} />
      </Badge>
    </Popover>
  );
}
