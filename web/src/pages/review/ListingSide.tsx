import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ListingSummary } from '../../api/types';
import { Highlighted } from '../../components/Highlighted';
import { SectorTags } from '../../components/sectors';
import { useLabels } from '../../hooks/useLabels';

/** One side of the pair under review, with the terms that met marked in its text. */
export function ListingSide({
  title,
  listing,
  terms,
  kindLabel,
  link,
}: {
  title: string;
  listing: ListingSummary;
  terms: string[];
  kindLabel: string;
  link: string;
}) {
  const l = useLabels();
  return (
    <Card size="small" title={title} extra={<Link to={link}>↗</Link>} style={{ height: '100%' }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <Highlighted text={listing.title} terms={terms} />
      </Typography.Title>
      <Space wrap size={[4, 4]} style={{ marginBottom: 8 }}>
        <Tag>{kindLabel}</Tag>
        <Tag>{listing.organizationName}</Tag>
        <Tag>{l.district(listing.district)}</Tag>
      </Space>
      <div style={{ marginBottom: 8 }}>
        <SectorTags sectors={listing.sectors} />
      </div>
      {listing.keywords.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          <Highlighted text={listing.keywords.join('、')} terms={terms} />
        </Typography.Paragraph>
      )}
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto' }}>
        <Highlighted text={listing.description} terms={terms} />
      </Typography.Paragraph>
    </Card>
  );
}
