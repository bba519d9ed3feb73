import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, InputNumber, List, Popover, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  useInbox,
  useMarkAllRead,
  useMarkRead,
  useNotificationSettings,
  useSaveNotificationSettings,
} from '../api/notifications';
import { useMe } from '../auth/session';
import { atLeast } from '../lib/roles';

/** The inbox: unread count on the bell (checked every 30 s), the latest messages, a click opens the match. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inbox = useInbox();
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  const items = inbox.data?.items ?? [];
  const content = (
    <div style={{ width: 340, maxHeight: 460, overflow: 'auto' }}>
      <SuggestionAlerts />
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

/** Coordinators: be told of new suggestions scoring at least a threshold (empty: not at all). */
function SuggestionAlerts() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const coordinator = atLeast(me.user.role, 'coordinator');
  const settings = useNotificationSettings(coordinator);
  const [value, setValue] = useState<number | null>(null);
  useEffect(() => setValue(settings.data?.minScore ?? null), [settings.data]);
  const save = useSaveNotificationSettings({
    onSuccess: () => void message.success(t('life.done')),
    onError: (e) => void message.error(e.message),
  });
  if (!coordinator) return null;
  return (
    <Space wrap style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary">{t('bell.threshold')}</Typography.Text>
      <InputNumber
        size="small"
        min={0}
        max={1}
        step={0.05}
        value={value}
        onChange={(v) => setValue(v)}
        placeholder={t('bell.off')}
        aria-label={t('bell.threshold')}
      />
      <Button size="small" onClick={() => save.mutate({ minScore: value })} loading={save.isPending}>
        {t('life.submit')}
      </Button>
    </Space>
  );
}
