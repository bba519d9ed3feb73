import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useBookingPage, useInstrument, useInstrumentCalendar, useRequestBooking } from '../../api/instruments';
import type { Booking, CalendarDay, Instrument } from '../../api/instrument-types';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../components/states';
import { CalendarLegend, WeekCalendar } from '../../components/WeekCalendar';
import { atLeast } from '../../lib/roles';
import {
  addDays,
  hourlyAmount,
  minutesToHhmm,
  openingSummary,
  selectionPeriod,
  weekMonday,
  type Selection,
} from '../../lib/week-calendar';
import { BookingActions } from './BookingActions';
import { BookingStatusTag, useInstErrorText, useInstLabels } from './shared';

/** The provider's requests waiting on this instrument, with who asked and the buttons to confirm or decline. */
function PendingRequests({ instrument }: { instrument: Instrument }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const list = useBookingPage({ page: 1, pageSize: 100, status: 'requested', instrumentId: instrument.id });
  const waiting = list.data?.items ?? [];
  return (
    <Card size="small" title={`${t('inst.bookingStatus.requested')} · ${t('inst.bookings')}`}>
      <Table<Booking>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={waiting}
        pagination={false}
        locale={{ emptyText: t('inst.noBookings') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('inst.period'), render: (_, b) => l.period(b.from, b.to) },
          { title: t('inst.enterprise'), render: (_, b) => b.enterpriseName ?? '—' },
          { title: t('inst.purpose'), dataIndex: 'purpose', render: (p: string | null) => p || '—' },
          { title: t('inst.amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
          { title: t('inst.status'), dataIndex: 'status', render: (s: string) => <BookingStatusTag status={s} /> },
          { title: t('inst.actions'), render: (_, b) => <BookingActions booking={b} side="provider" /> },
        ]}
      />
    </Card>
  );
}

/** The request for a chosen period: samples when charged per sample, the purpose, and the estimated cost. */
function RequestDialog({
  instrument: x,
  selection,
  onClose,
}: {
  instrument: Instrument;
  selection: Selection;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { message } = App.useApp();
  const errorText = useInstErrorText();
  const request = useRequestBooking(x.id);
  const [form] = Form.useForm<{ samples?: number; purpose: string }>();
  const samples = Form.useWatch('samples', form);
  const minutes = selection.to - selection.from;
  const estimate = x.unit === 'hour' ? hourlyAmount(minutes, x.priceYuan) : samples ? samples * x.priceYuan : null;
  const submit = (v: { samples?: number; purpose: string }) =>
    request.mutate(
      {
        ...selectionPeriod(selection),
        samples: x.unit === 'sample' ? v.samples : undefined,
        purpose: v.purpose.trim(),
      },
      {
        onSuccess: () => {
          void message.success(t('inst.requested'));
          onClose();
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );
  return (
    <Modal
      open
      title={t('inst.requestTitle', { name: x.name })}
      okText={t('inst.request')}
      cancelText={t('common.cancel')}
      confirmLoading={request.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('inst.period')}>
          {`${selection.date} ${minutesToHhmm(selection.from)}–${minutesToHhmm(selection.to)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('inst.duration')}>{t('inst.minutes', { n: minutes })}</Descriptions.Item>
        <Descriptions.Item label={t('inst.estimate')}>{l.yuan(estimate)}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {x.unit === 'sample' && (
          <Form.Item
            name="samples"
            label={t('inst.samples')}
            rules={[{ required: true, message: t('login.required', { field: t('inst.samples') }) }]}
          >
            <InputNumber min={1} max={10000} style={{ width: 200 }} />
          </Form.Item>
        )}
        <Form.Item
          name="purpose"
          label={t('inst.purpose')}
          rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('inst.purpose') }) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('inst.purposePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * One instrument (/instruments/:id): its facts and its week (?week=YYYY-MM-DD, a Harbin Monday): enterprises choose
 * a free period and request it; the provider sees who booked each taken half hour and confirms or declines the
 * requests waiting.
 */
export default function InstrumentPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useInstLabels();
  const { message } = App.useApp();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const asked = params.get('week');
  const week = weekMonday(
    asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && !Number.isNaN(Date.parse(asked)) ? asked : new Date(),
  );
  const instrument = useInstrument(id);
  const calendar = useInstrumentCalendar(id, week);
  const [selection, setSelection] = useState<Selection | null>(null);
  // The caller's own bookings, marked as such whether or not the server says so.
  const days = useMemo<CalendarDay[]>(
    () =>
      (calendar.data?.days ?? []).map((d) => ({
        ...d,
        taken: d.taken ?? [],
        requested: d.requested ?? [],
      })),
    [calendar.data],
  );

  if (instrument.isLoading) return <Loading />;
  if (instrument.error || !instrument.data) return <LoadError error={instrument.error} />;
  const x = instrument.data;
  const provider = x.mayEdit ?? (x.organizationId === me.organization.id || atLeast(me.user.role, 'coordinator'));
  const mayBook = x.mayBook ?? (me.organization.kind === 'enterprise' && me.user.role === 'member' && x.active);
  // The server's bookable window starts after the notice; the clock moves on while the page is open.
  const earliest = Math.max(
    Date.now() + x.minNoticeHours * 3_600_000,
    calendar.data ? Date.parse(calendar.data.bookableFrom) : 0,
  );
  const goWeek = (w: string) => setParams({ week: w }, { replace: true });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {x.name} {x.model && <Typography.Text type="secondary">{x.model}</Typography.Text>}{' '}
        {!x.active && <Tag>{t('inst.inactive')}</Tag>}
      </Typography.Title>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('inst.provider')}>{x.organizationName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inst.capability')}>
            <Link to={`/capabilities/${x.capabilityId}`}>{x.capabilityTitle ?? t('common.view')}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('inst.district')}>{l.district(x.district)}</Descriptions.Item>
          <Descriptions.Item label={t('inst.address')}>{x.address || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inst.mode')}>{l.mode(x.mode)}</Descriptions.Item>
          <Descriptions.Item label={t('inst.price')}>{l.price(x.priceYuan, x.unit)}</Descriptions.Item>
          <Descriptions.Item label={t('inst.opening')}>
            {openingSummary(x.openingHours ?? [], l.weekday) || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('inst.minNotice')}>{x.minNoticeHours}</Descriptions.Item>
          <Descriptions.Item label={t('inst.blackout')}>{x.blackoutDates?.join('、') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={t('inst.calendar')}
        extra={
          <Space wrap>
            <Button icon={<LeftOutlined />} onClick={() => goWeek(addDays(week, -7))}>
              {t('inst.prevWeek')}
            </Button>
            <Button onClick={() => goWeek(weekMonday())}>{t('inst.thisWeek')}</Button>
            <Button onClick={() => goWeek(addDays(week, 7))}>
              {t('inst.nextWeek')} <RightOutlined />
            </Button>
          </Space>
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{t('inst.week', { from: week, to: addDays(week, 6) })}</Typography.Text>
          <CalendarLegend />
          {calendar.error ? (
            <LoadError error={calendar.error} retry={() => void calendar.refetch()} />
          ) : calendar.isLoading ? (
            <Loading />
          ) : (
            <WeekCalendar
              key={week}
              days={days}
              earliest={earliest}
              showNames={provider}
              selectable={mayBook}
              onSelect={setSelection}
              onRefused={() => void message.warning(t('inst.pickRefused'))}
            />
          )}
          {!mayBook && !provider && <Typography.Text type="secondary">{t('inst.onlyEnterprises')}</Typography.Text>}
        </Space>
      </Card>
      {provider && <PendingRequests instrument={x} />}
      {selection && <RequestDialog instrument={x} selection={selection} onClose={() => setSelection(null)} />}
    </Space>
  );
}
