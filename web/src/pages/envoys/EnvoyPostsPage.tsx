import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useAgreements, usePosts } from '../../api/envoys';
import { POST_KINDS, POST_STATUS_LIST, type Agreement, type SecondmentPost } from '../../api/envoy-types';
import { useMe } from '../../auth/session';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { useSectorLabel } from '../../components/sectors';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { atLeast } from '../../lib/roles';
import { StatusTag, useStatusLabel, useVLabels } from '../vouchers/shared';
import { useEnvoyLabels } from './labels';

/**
 * 科技特派员 / 科技副总 (/envoy-posts): the posts the caller may see (open ones; an enterprise's own drafts; coordinators
 * all), filtered by kind, status and words; enterprises and coordinators post new ones. Below, the caller's own
 * agreements, whichever side it is on.
 */
export default function EnvoyPostsPage() {
  const l = useVLabels();
  const { bi } = l;
  const el = useEnvoyLabels();
  const status = useStatusLabel();
  const me = useMe();
  const navigate = useNavigate();
  const sector = useSectorLabel();
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{
    kind?: string;
    status?: string;
    q?: string;
  }>({});
  const list = usePosts({ page, pageSize, ...filters });
  const agreements = useAgreements();
  const mayPost = atLeast(me.user.role, 'coordinator') || me.organization.kind === 'enterprise';
  const mine = agreements.data?.items ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader
        title={bi('科技特派员 / 科技副总', 'Science envoys / vice-presidents')}
        action={
          mayPost && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/envoy-posts/new')}>
              {bi('发布岗位', 'Post a position')}
            </Button>
          )
        }
      />
      <Space wrap>
        <Select
          allowClear
          aria-label={bi('岗位类型', 'Kind')}
          placeholder={bi('岗位类型', 'Kind')}
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(v?: string) => setFilter('kind', v)}
          options={POST_KINDS.map((k) => ({ value: k, label: el.kind(k) }))}
        />
        <Select
          allowClear
          aria-label={bi('状态', 'Status')}
          placeholder={bi('状态', 'Status')}
          style={{ width: 140 }}
          value={filters.status}
          onChange={(v?: string) => setFilter('status', v)}
          options={POST_STATUS_LIST.map((s) => ({ value: s, label: s === 'open' ? bi('征集中', 'Open') : status(s) }))}
        />
        <Input.Search
          allowClear
          aria-label={bi('搜索', 'Search')}
          placeholder={bi('搜索岗位', 'Search posts')}
          style={{ width: 240 }}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
        />
      </Space>
      <PagedTable<SecondmentPost>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: bi('暂无岗位', 'No posts') }}
        columns={[
          {
            title: bi('岗位名称', 'Title'),
            dataIndex: 'title',
            render: (x: string, p) => <Link to={`/envoy-posts/${p.id}`}>{x}</Link>,
          },
          { title: bi('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => el.kind(k) },
          {
            title: bi('企业', 'Enterprise'),
            render: (_, p) => p.organization.name,
          },
          {
            title: bi('领域', 'Field'),
            dataIndex: 'field',
            render: (f: string, p) => p.fieldName ?? sector(f),
          },
          { title: bi('地点', 'District'), dataIndex: 'district', render: (d: string) => l.district(d) },
          { title: bi('期限', 'Term'), dataIndex: 'termMonths', render: (n: number) => bi(`${n} 个月`, `${n} months`) },
          {
            title: bi('状态', 'Status'),
            dataIndex: 'status',
            render: (s: string) => <StatusTag status={s} of="post" />,
          },
        ]}
      />
      {mine.length > 0 && (
        <Card size="small" title={bi('我的协议', 'My agreements')}>
          <Table<Agreement>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={mine}
            columns={[
              {
                title: bi('岗位', 'Post'),
                render: (_, a) => <Link to={`/envoy-posts/${a.post.id}?tab=agreements`}>{a.post.title}</Link>,
              },
              { title: bi('人选', 'Nominee'), dataIndex: 'nomineeName' },
              { title: bi('期限', 'Term'), render: (_, a) => `${l.date(a.startsOn)} ~ ${l.date(a.endsOn)}` },
              {
                title: bi('状态', 'Status'),
                dataIndex: 'status',
                render: (s: string) => <StatusTag status={s} of="agreement" />,
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
