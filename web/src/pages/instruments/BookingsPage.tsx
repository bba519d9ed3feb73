import { Select, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useBookingPage } from '../../api/instruments';
import { BOOKING_STATUSES, type Booking, type ViewerRole } from '../../api/instrument-types';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { BookingActions } from './BookingActions';
import { BookingStatusTag, sideLabel, useInstLabels, useSides, type Side } from './shared';

function BookingList({ side }: { side: Side }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{ status?: string }>({});
  const list = useBookingPage({ page, pageSize, role: side === 'all' ? undefined : side, ...filters });
  const actor: ViewerRole = side === 'all' ? 'coordinator' : side;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('inst.status')}
        aria-label={t('inst.status')}
        style={{ width: 160 }}
        value={filters.status}
        onChange={(v?: string) => setFilter('status', v)}
        options={BOOKING_STATUSES.map((s) => ({ value: s, label: l.bookingStatus(s) }))}
      />
      <PagedTable<Booking>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: t('inst.noBookings') }}
        columns={[
          {
            title: t('inst.instrument'),
            // Where to go: the instrument's district and address under its name.
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/instruments/${b.instrumentId}`}>{b.instrumentName}</Link>
                <Typography.Text type="secondary">
                  {[l.district(b.instrumentDistrict), b.instrumentAddress].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('inst.period'), render: (_, b) => l.period(b.from, b.to) },
          ...(side !== 'provider'
            ? [{ title: t('inst.provider'), render: (_: unknown, b: Booking) => b.providerName ?? '—' }]
            : []),
          ...(side !== 'enterprise'
            ? [{ title: t('inst.enterprise'), render: (_: unknown, b: Booking) => b.enterpriseName ?? '—' }]
            : []),
          {
            title: t('inst.purpose'),
            dataIndex: 'purpose',
            render: (p: string | null, b) => (
              <Typography.Text style={{ maxWidth: 240 }} ellipsis={{ tooltip: p }}>
                {b.samples ? `${b.samples} ${l.unit('sample')} · ` : ''}
                {p || '—'}
              </Typography.Text>
            ),
          },
          { title: t('inst.amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
          {
            title: t('inst.status'),
            dataIndex: 'status',
            render: (s: string, b) => (
              <Space size={4} orientation="vertical">
                <BookingStatusTag status={s} />
                {b.reason && <Typography.Text type="secondary">{b.reason}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('inst.actions'), render: (_, b) => <BookingActions booking={b} side={actor} /> },
        ]}
      />
    </Space>
  );
}

/**
 * 仪器预约 (/bookings): an enterprise's own bookings and a provider's received ones (tabs; coordinators see all),
 * with the steps each may take now: confirm, decline, cancel, mark completed.
 */
export default function BookingsPage() {
  const { t } = useTranslation();
  const sides = useSides();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('role') as Side | null;
  const active = wanted && sides.includes(wanted) ? wanted : sides[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader title={t('inst.bookings')} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('inst.bookingsIntro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={active}
        onChange={(k) => setParams({ role: k }, { replace: true })}
        items={sides.map((s) => ({ key: s, label: t(sideLabel('bookings', s)), children: <BookingList side={s} /> }))}
      />
    </Space>
  );
}
