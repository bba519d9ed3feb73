import { Badge, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useListingMatchCounts, useListingPage } from '../api/listings';
import type { Capability, Need } from '../api/types';
import { options, useLabels } from '../hooks/useLabels';
import { CAPABILITY_STATUSES, DISTRICTS, NEED_STATUSES } from '../api/vocabulary.gen';
import { LoadError } from './states';
import { SectorCascader, SectorTags } from './sectors';

type Listing = Need | Capability;

const STATUS_COLOR: Record<string, string> = {
  open: 'green',
  paused: 'orange',
  closed: 'default',
  active: 'green',
  withdrawn: 'default',
};

/**
 * A server-paginated list of needs or capabilities with the filters of the API (status, sector, district, words).
 * `mine` shows only the caller's organisation's, with how many approved matches each has.
 */
export function ListingTable({
  kind,
  mine,
  empty,
}: {
  kind: 'needs' | 'capabilities';
  mine: boolean;
  empty: ReactNode;
}) {
  const { t } = useTranslation();
  const l = useLabels();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string>();
  const [district, setDistrict] = useState<string>();
  const [sector, setSector] = useState<string[]>([]);
  const list = useListingPage(kind, { mine, page, pageSize, q, status, district, sector: sector[0] });
  const ids = list.data?.items.map((x) => x.id) ?? [];
  const counts = useListingMatchCounts(kind, ids, mine);
  const countOf = (id: string) => {
    const c = counts.data?.items.find((x) => x.id === id)?.counts ?? {};
    return Object.entries(c).reduce((sum, [s, n]) => (s === 'suggested' || s === 'rejected' ? sum : sum + n), 0);
  };
  const statuses = kind === 'needs' ? NEED_STATUSES : CAPABILITY_STATUSES;
  const statusLabel = kind === 'needs' ? l.needStatus : l.capabilityStatus;

  const columns: ColumnsType<Listing> = [
    {
      title: t('listing.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/${kind}/${r.id}`}>{title}</Link>
          {!mine && <Typography.Text type="secondary">{r.organizationName}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: kind === 'needs' ? t('need.kind') : t('capability.kind'),
      dataIndex: 'kind',
      responsive: ['md'],
      render: (k: string) => (kind === 'needs' ? l.needKind(k) : l.capabilityKind(k)),
    },
    {
      title: t('listing.sectors'),
      dataIndex: 'sectors',
      responsive: ['lg'],
      render: (s: string[]) => <SectorTags sectors={s} />,
    },
    { title: t('common.district'), dataIndex: 'district', responsive: ['md'], render: (d: string) => l.district(d) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (s: string) => <Tag color={STATUS_COLOR[s]}>{statusLabel(s)}</Tag>,
    },
    ...(mine
      ? [
          {
            title: t('need.approvedMatches'),
            key: 'approved',
            render: (_: unknown, r: Listing) => (
              <Badge count={countOf(r.id)} showZero color={countOf(r.id) ? '#52c41a' : '#d9d9d9'} />
            ),
          },
        ]
      : []),
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      responsive: ['lg'],
      render: (d: string) => new Date(d).toLocaleDateString(),
    },
  ];

  if (list.error) return <LoadError error={list.error} retry={() => void list.refetch()} />;
  const filtered = !!(q || status || district || sector.length);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 120 }}
          options={options(statuses, statusLabel)}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('common.district')}
          style={{ width: 140 }}
          options={options(DISTRICTS, l.district)}
          value={district}
          onChange={(v) => {
            setDistrict(v);
            setPage(1);
          }}
        />
        <div style={{ width: 260 }}>
          <SectorCascader
            value={sector}
            onChange={(v) => {
              setSector(v.slice(-1));
              setPage(1);
            }}
            placeholder={t('listing.sectors')}
          />
        </div>
      </Space>
      <Table<Listing>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: filtered ? undefined : <Empty description={empty} style={{ padding: '32px 0' }} /> }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
        scroll={{ x: 'max-content' }}
      />
    </Space>
  );
}
