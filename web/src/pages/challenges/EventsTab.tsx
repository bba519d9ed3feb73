import { Card, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useEvents } from '../../api/challenges';
import { LoadError } from '../../components/states';
import { useChLabels } from './shared';

/** The audit trail: every step, application, score, objection, award, acceptance and ledger entry, oldest first. */
export function EventsTab({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation();
  const l = useChLabels();
  const events = useEvents(challengeId);
  if (events.error) return <LoadError error={events.error} retry={() => void events.refetch()} />;
  return (
    <Card size="small" title={t('ch.auditTab')} loading={events.isLoading}>
      <Timeline
        items={(events.data?.items ?? []).map((e) => ({
          color: e.kind === 'status' ? 'blue' : 'gray',
          children: (
            <Space orientation="vertical" size={0}>
              <span>
                {l.time(e.createdAt)} · {e.actor?.name ?? t('ch.system')} · <Tag>{e.kind}</Tag>
                {e.fromStatus && e.toStatus && e.kind === 'status'
                  ? `${l.status(e.fromStatus)} → ${l.status(e.toStatus)}`
                  : (e.toStatus ?? '')}
              </span>
              {e.note && <Typography.Text type="secondary">{e.note}</Typography.Text>}
            </Space>
          ),
        }))}
      />
    </Card>
  );
}
