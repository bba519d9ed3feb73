import { Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTestingOrderPage } from '../../api/instruments';
import { TESTING_ORDER_STATUSES, type TestingOrder } from '../../api/instrument-types';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { OrderStatusTag, sideLabel, useInstLabels, useSides, type Side } from './shared';

function OrderList({ side }: { side: Side }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{ status?: string }>({});
  const list = useTestingOrderPage({ page, pageSize, role: side === 'all' ? undefined : side, ...filters });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('inst.status')}
        aria-label={t('inst.status')}
        style={{ width: 160 }}
        value={filters.status}
        onChange={(v?: string) => setFilter('status', v)}
        options={TESTING_ORDER_STATUSES.map((s) => ({ value: s, label: l.orderStatus(s) }))}
      />
      <PagedTable<TestingOrder>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: t('inst.noOrders') }}
        columns={[
          {
            title: t('inst.service'),
            render: (_, o) => <Link to={`/testing-orders/${o.id}`}>{o.capabilityTitle ?? o.samples}</Link>,
          },
          ...(side !== 'provider'
            ? [{ title: t('inst.provider'), render: (_: unknown, o: TestingOrder) => o.providerName ?? '—' }]
            : []),
          ...(side !== 'enterprise'
            ? [{ title: t('inst.client'), render: (_: unknown, o: TestingOrder) => o.enterpriseName ?? '—' }]
            : []),
          { title: t('inst.standard'), dataIndex: 'standard' },
          { title: t('inst.sampleCount'), dataIndex: 'sampleCount' },
          { title: t('inst.amount'), dataIndex: 'amountYuan', render: (n: number | null) => l.yuan(n) },
          { title: t('inst.dueDate'), dataIndex: 'dueDate', render: (d: string | null) => l.date(d) },
          { title: t('inst.status'), dataIndex: 'status', render: (s: string) => <OrderStatusTag status={s} /> },
          { title: t('inst.createdAt'), dataIndex: 'createdAt', render: (d?: string) => l.time(d) },
        ]}
      />
    </Space>
  );
}

/**
 * 委托检测 (/testing-orders): an enterprise's orders and a provider's received ones (tabs; coordinators all); each
 * opens its page with the steps, the quote and the report.
 */
export default function TestingOrdersPage() {
  const { t } = useTranslation();
  const sides = useSides();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('role') as Side | null;
  const active = wanted && sides.includes(wanted) ? wanted : sides[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader title={t('inst.orders')} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('inst.ordersIntro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={active}
        onChange={(k) => setParams({ role: k }, { replace: true })}
        items={sides.map((s) => ({ key: s, label: t(sideLabel('orders', s)), children: <OrderList side={s} /> }))}
      />
    </Space>
  );
}
