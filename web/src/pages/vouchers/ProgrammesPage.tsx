import { PlusOutlined } from '@ant-design/icons';
import { Button, Drawer, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useProgrammes } from '../../api/vouchers';
import type { VoucherProgramme } from '../../api/voucher-types';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { ProgrammeForm } from './ProgrammeForm';
import { StatusTag, useStatusLabel, useVLabels } from './shared';

/**
 * 创新券计划 (/voucher-programmes, coordinators): every programme with its issuer, period, budget and what is left of
 * it; a new one is drawn up here (a draft until it is opened on its own page).
 */
export default function ProgrammesPage() {
  const l = useVLabels();
  const { bi } = l;
  const status = useStatusLabel();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{ status?: string }>({});
  const list = useProgrammes({ page, pageSize, ...filters });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader
        title={bi('创新券计划', 'Innovation voucher programmes')}
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {bi('新建计划', 'New programme')}
          </Button>
        }
      />
      <Select
        allowClear
        aria-label={bi('状态', 'Status')}
        placeholder={bi('状态', 'Status')}
        style={{ width: 160 }}
        value={filters.status}
        onChange={(v?: string) => setFilter('status', v)}
        options={['draft', 'open', 'closed'].map((s) => ({ value: s, label: status(s) }))}
      />
      <PagedTable<VoucherProgramme>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: bi('还没有创新券计划', 'No programmes yet') }}
        columns={[
          {
            title: bi('计划名称', 'Programme'),
            dataIndex: 'name',
            render: (n: string, p) => <Link to={`/voucher-programmes/${p.id}`}>{n}</Link>,
          },
          { title: bi('发放单位', 'Issuer'), render: (_, p) => `${p.issuerName}（${l.level(p.issuerLevel)}）` },
          { title: bi('服务期间', 'Period'), render: (_, p) => `${l.date(p.periodStart)} ~ ${l.date(p.periodEnd)}` },
          { title: bi('总预算', 'Budget'), dataIndex: 'budgetYuan', render: (n: number) => l.yuan(n) },
          {
            title: bi('剩余预算', 'Remaining'),
            dataIndex: 'budgetRemainingYuan',
            render: (n: number | undefined) => l.yuan(n),
          },
          { title: bi('状态', 'Status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
        ]}
      />
      <Drawer
        open={creating}
        size={960}
        title={bi('新建创新券计划', 'New voucher programme')}
        onClose={() => setCreating(false)}
        destroyOnHidden
      >
        <ProgrammeForm onSaved={(p) => void navigate(`/voucher-programmes/${p.id}`)} />
      </Drawer>
    </Space>
  );
}
