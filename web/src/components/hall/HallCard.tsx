import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HallItemOf, HallKind } from '../../api/hall';
import { useLabels } from '../../hooks/useLabels';
import { SectorTags } from '../sectors';
import { useHallFacts } from './HallFacts';
import { MarkedText } from './MarkedText';

/**
 * One listing in a hall's results: its title (a link to its page) and snippet with the search words marked, who
 * posted it, where, in which sectors, and its own facts. `search` is the hall's address, for the way back.
 */
export function HallCard<K extends HallKind>({ kind, item, search }: { kind: K; item: HallItemOf[K]; search: string }) {
  const { t } = useTranslation();
  const l = useLabels();
  const facts = useHallFacts();
  return (
    <Card size="small" styles={{ body: { padding: '12px 16px' } }}>
      <article>
        <Typography.Title level={2} style={{ fontSize: 16, margin: '0 0 4px', overflowWrap: 'anywhere' }}>
          <Link to={`/hall/${kind}/${item.id}`} state={{ from: search }}>
            <MarkedText value={item.title} />
          </Link>
        </Typography.Title>
        <Space size={[8, 4]} wrap style={{ marginBottom: 6 }}>
          <Tag color="geekblue">{facts.kindLabel(kind, item.kind)}</Tag>
          <Typography.Text>
            {item.organization.name}
            <Typography.Text type="secondary"> · {l.orgKind(item.organization.kind)}</Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary">{l.district(item.district)}</Typography.Text>
        </Space>
        <Typography.Paragraph style={{ margin: '0 0 8px', overflowWrap: 'anywhere' }} type="secondary">
          <MarkedText value={item.snippet} />
        </Typography.Paragraph>
        <div style={{ marginBottom: 6 }}>
          <SectorTags sectors={item.sectors} visitor />
        </div>
        <Space size={[16, 4]} wrap>
          {facts.own(kind, item).map((f) => (
            <Typography.Text key={f.label}>
              <Typography.Text type="secondary">{t('hall.fact', { label: f.label })}</Typography.Text>
              {f.value}
            </Typography.Text>
          ))}
          <Typography.Text type="secondary">{t('hall.postedOn', { date: facts.date(item.createdAt) })}</Typography.Text>
        </Space>
      </article>
    </Card>
  );
}
