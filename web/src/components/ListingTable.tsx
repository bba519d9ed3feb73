import { Badge, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useListingMatchCounts, useListingPage } from '../api/listings';
import type { Capability, Need } from '../api/types';
import { usePagedFilters } from '../hooks/usePagedFilters';
import { options, useLabels } from '../hooks/useLabels';
import { CAPABILITY_STATUSES, DISTRICTS, NEED_STATUSES } from '../api/vocabulary.gen';
import { PagedTable } from './PagedTable';
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
  const paged = usePagedFilters<{ q: string; status?: string; district?: string; sector: string[] }>({
    q: '',
    sector: [],
  });
  const { page, pageSize, filters, setFilter } = paged;
  const { q, status, district, sector } = filters;
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

  const filtered = !!(q || status || district || sector.length);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          onSearch={(v) => setFilter('q', v.trim())}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          style={{ width: 120 }}
          options={options(statuses, statusLabel)}
          value={status}
          onChange={(v) => setFilter('status', v)}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('common.district')}
          style={{ width: 140 }}
          options={options(DISTRICTS, l.district)}
          value={district}
          onChange={(v) => setFilter('district', v)}
        />
        <div style={{ width: 260 }}>
          <SectorCascader
            value={sector}
            onChange={(v) => setFilter('sector', v.slice(-1))}
            placeholder={t('listing.sectors')}
          />
        </div>
      </Space>
      <PagedTable<Listing>
        rowKey="id"
        query={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={paged.onPage}
        locale={{ emptyText: filtered ? undefined : <Empty description={empty} style={{ padding: '32px 0' }} /> }}
      />
    </Space>
  );
}
