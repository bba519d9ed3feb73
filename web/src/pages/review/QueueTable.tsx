import { Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Match } from '../../api/types';
import { BandTag } from '../../components/Explanation';
import { MatchStatusTag } from '../../components/MatchCards';

/** The queue's page of suggestions (or matches of another status); a click selects one. */
export function QueueTable({
  items,
  total,
  loading,
  showStatus,
  selectedId,
  onSelect,
  page,
  pageSize,
  onPage,
}: {
  items: Match[];
  total: number;
  loading: boolean;
  showStatus: boolean;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<Match> = [
    {
      title: t('common.score'),
      dataIndex: 'score',
      width: 72,
      render: (s: number) => <Typography.Text strong>{s.toFixed(2)}</Typography.Text>,
    },
    {
      title: t('review.band'),
      dataIndex: 'band',
      width: 64,
      render: (b: Match['band']) => <BandTag band={b} />,
    },
    {
      title: `${t('review.need')} ↔ ${t('review.capability')}`,
      key: 'pair',
      render: (_, m) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{m.need.title}</Typography.Text>
          <Typography.Text type="secondary">
            ↔ {m.capability.title}（{m.capability.organizationName}）
            {m.status === 'suggested' && m.capacity?.full && (
              <Tag color="red" style={{ marginLeft: 6 }}>
                {t('life.full')}
              </Tag>
            )}
          </Typography.Text>
        </Space>
      ),
    },
    ...(showStatus
      ? [
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <MatchStatusTag status={s} />,
          },
        ]
      : []),
  ];
  return (
    <Table<Match>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={items}
      locale={{ emptyText: <Empty description={t('review.empty')} /> }}
      onRow={(m) => ({
        onClick: () => onSelect(m.id),
        style: { cursor: 'pointer', background: m.id === selectedId ? '#fff1f0' : undefined },
      })}
      pagination={{
        current: page,
        pageSize,
        total,
        size: 'small',
        showSizeChanger: true,
        showTotal: (n) => t('common.total', { count: n }),
        onChange: (p, s) => {
          onPage(p, s);
          onSelect(null);
        },
      }}
    />
  );
}
