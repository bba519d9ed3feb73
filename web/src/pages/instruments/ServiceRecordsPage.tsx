import { App, Button, DatePicker, Form, Input, Modal, Rate, Segmented, Space, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useRateService, useRecordPayment, useServiceRecordPage } from '../../api/instruments';
import type { ServiceRecord } from '../../api/instrument-types';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { sideLabel, useInstErrorText, useInstLabels, useSides, type Side } from './shared';

function PaymentDialog({ record: r, onClose }: { record: ServiceRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useInstErrorText();
  const pay = useRecordPayment();
  const [form] = Form.useForm<{ invoiceNo: string; paidAt?: Dayjs }>();
  return (
    <Modal
      open
      title={t('inst.markPaidTitle', { name: r.description })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={pay.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          pay.mutate(
            { id: r.id, invoiceNo: v.invoiceNo.trim(), paidAt: v.paidAt?.toISOString() },
            {
              onSuccess: () => {
                void message.success(t('inst.markedPaid'));
                onClose();
              },
              onError: (e) => void message.error(errorText(e), 8),
            },
          )
        }
      >
        <Form.Item
          name="invoiceNo"
          label={t('inst.invoiceNo')}
          rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('inst.invoiceNo') }) }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="paidAt" label={`${t('inst.paidAt')}（${t('common.optional')}）`}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RatingDialog({ record: r, onClose }: { record: ServiceRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useInstErrorText();
  const rate = useRateService();
  const [form] = Form.useForm<{ rating: number; comment?: string }>();
  return (
    <Modal
      open
      title={t('inst.rateTitle', { name: r.description })}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={rate.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          rate.mutate(
            { id: r.id, rating: v.rating, comment: v.comment?.trim() || undefined },
            {
              onSuccess: () => {
                void message.success(t('inst.rated'));
                onClose();
              },
              onError: (e) => void message.error(errorText(e), 8),
            },
          )
        }
      >
        <Form.Item
          name="rating"
          label={t('inst.rating')}
          rules={[{ required: true, message: t('login.required', { field: t('inst.rating') }) }]}
        >
          <Rate aria-label={t('inst.rating')} />
        </Form.Item>
        <Form.Item name="comment" label={t('inst.ratingComment')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RecordList({ side }: { side: Side }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{ paid?: boolean }>({});
  const list = useServiceRecordPage({ page, pageSize, role: side === 'all' ? undefined : side, ...filters });
  const [paying, setPaying] = useState<ServiceRecord | null>(null);
  const [rating, setRating] = useState<ServiceRecord | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented
        value={filters.paid === undefined ? 'all' : filters.paid ? 'paid' : 'unpaid'}
        onChange={(v) => setFilter('paid', v === 'all' ? undefined : v === 'paid')}
        options={[
          { value: 'all', label: t('inst.allPaid') },
          { value: 'unpaid', label: t('inst.onlyUnpaid') },
          { value: 'paid', label: t('inst.onlyPaid') },
        ]}
      />
      <PagedTable<ServiceRecord>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: t('inst.noRecords') }}
        columns={[
          {
            title: t('inst.description'),
            render: (_, r) => (
              <Space orientation="vertical" size={0} style={{ maxWidth: 300, whiteSpace: 'normal' }}>
                <Typography.Text>{r.description}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.source(r.source)} ·{' '}
                  {r.testingOrderId ? (
                    <Link to={`/testing-orders/${r.testingOrderId}`}>{r.capabilityTitle}</Link>
                  ) : (
                    <Link to={`/capabilities/${r.capabilityId}`}>{r.capabilityTitle}</Link>
                  )}
                </Typography.Text>
              </Space>
            ),
          },
          ...(side !== 'provider'
            ? [{ title: t('inst.provider'), render: (_: unknown, r: ServiceRecord) => r.providerName }]
            : []),
          ...(side !== 'enterprise'
            ? [{ title: t('inst.enterprise'), render: (_: unknown, r: ServiceRecord) => r.enterpriseName }]
            : []),
          { title: t('inst.servedOn'), render: (_, r) => r.servedOn ?? l.time(r.servedTo) },
          { title: t('inst.quantityUnit'), render: (_, r) => `${Number(r.quantity)} ${l.unit(r.unit)}` },
          { title: t('inst.amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
          {
            title: t('inst.paid'),
            render: (_, r) =>
              r.paidAt ? (
                <Space orientation="vertical" size={0}>
                  <Tag color="green">{t('inst.paidValue', { at: l.time(r.paidAt) })}</Tag>
                  {r.paymentRef && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('inst.invoiceNo')} {r.paymentRef}
                    </Typography.Text>
                  )}
                </Space>
              ) : r.mayRecordPayment ? (
                <Button size="small" type="primary" onClick={() => setPaying(r)}>
                  {t('inst.markPaid')}
                </Button>
              ) : (
                <Tag>{t('inst.unpaid')}</Tag>
              ),
          },
          {
            title: t('inst.rating'),
            render: (_, r) =>
              r.rating != null ? (
                <Space orientation="vertical" size={0}>
                  <Rate disabled value={r.rating} style={{ fontSize: 14 }} />
                  {r.ratingComment && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.ratingComment }}>
                      {r.ratingComment}
                    </Typography.Text>
                  )}
                </Space>
              ) : r.mayRate ? (
                <Button size="small" onClick={() => setRating(r)}>
                  {t('inst.rate')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('inst.notRated')}</Typography.Text>
              ),
          },
        ]}
      />
      {paying && <PaymentDialog record={paying} onClose={() => setPaying(null)} />}
      {rating && <RatingDialog record={rating} onClose={() => setRating(null)} />}
    </Space>
  );
}

/**
 * 服务记录 (/service-records): what completed bookings and issued reports left, for both sides (tabs; coordinators
 * all): the provider records the payment with its invoice number, the enterprise rates the service once.
 */
export default function ServiceRecordsPage() {
  const { t } = useTranslation();
  const sides = useSides();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('role') as Side | null;
  const active = wanted && sides.includes(wanted) ? wanted : sides[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader title={t('inst.records')} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('inst.recordsIntro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={active}
        onChange={(k) => setParams({ role: k }, { replace: true })}
        items={sides.map((s) => ({ key: s, label: t(sideLabel('records', s)), children: <RecordList side={s} /> }))}
      />
    </Space>
  );
}
