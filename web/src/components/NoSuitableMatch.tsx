import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNearMisses } from '../api/needs';
import type { NearMiss, NeedRanking } from '../api/types';
import { useLabels } from '../hooks/useLabels';
import { LoadError } from './states';

/**
 * 暂无合适匹配: nothing in the catalogue cleared the relevance floor for this need. Says that the need is checked
 * again by itself whenever the catalogue changes (and when it last did), and shows on request the closest
 * capabilities below the floor, each with why it came close.
 */
export function NoSuitableMatch({ needId, ranking }: { needId: string; ranking: NeedRanking }) {
  const { t } = useTranslation();
  const l = useLabels();
  const [open, setOpen] = useState(false);
  const misses = useNearMisses(needId, ranking.rankedAt, open);
  const when = (at: string | null) => (at ? new Date(at).toLocaleString(l.lang === 'en' ? 'en-GB' : 'zh-CN') : '—');
  return (
    <Card size="small" title={t('need.noMatchTitle')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('need.noMatchBody')}</Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('need.catalogueChangedAt', { at: when(ranking.catalogueChangedAt) })} ·{' '}
          {t('need.rankedAt', { at: when(ranking.rankedAt) })}
        </Typography.Text>
        {!open && (
          <div>
            <Button onClick={() => setOpen(true)} disabled={ranking.nearMisses === 0}>
              {t('need.showNearMisses')}
              {ranking.nearMisses > 0 ? `（${ranking.nearMisses}）` : ''}
            </Button>
          </div>
        )}
        {open &&
          (misses.error ? (
            <LoadError error={misses.error} retry={() => void misses.refetch()} />
          ) : (
            <List<NearMiss>
              header={<Typography.Text strong>{t('need.nearMissesTitle')}</Typography.Text>}
              loading={misses.isLoading}
              locale={{ emptyText: t('need.nearMissesEmpty') }}
              dataSource={misses.data?.items ?? []}
              renderItem={(x) => (
                <List.Item key={x.capabilityId} extra={<Tag>{Math.round(x.score * 100)}</Tag>}>
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <Link to={`/capabilities/${x.capabilityId}`}>{x.title}</Link>
                        <Tag>{l.capabilityKind(x.kind)}</Tag>
                      </Space>
                    }
                    description={
                      <>
                        <div>{x.organizationName}</div>
                        <div>{l.lang === 'en' ? x.summary.en || x.summary.zh : x.summary.zh || x.summary.en}</div>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          ))}
      </Space>
    </Card>
  );
}
