import { FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Steps,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { reportUrl, useTestingOrder, useTestingOrderStep, useUploadReport } from '../../api/instruments';
import {
  TESTING_ORDER_PATH,
  type TestingOrder,
  type TestingOrderStep,
  type ViewerRole,
} from '../../api/instrument-types';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../components/states';
import { atLeast } from '../../lib/roles';
import { OrderStatusTag, useInstErrorText, useInstLabels } from './shared';

const MAX_REPORT_BYTES = 20 * 1024 * 1024;

/** Who the caller is to the order: the server says; else by organisation. */
function viewerOf(o: TestingOrder, orgId: string, coordinator: boolean): ViewerRole {
  if (o.viewerRole) return o.viewerRole;
  if (coordinator) return 'coordinator';
  return o.providerOrganizationId === orgId ? 'provider' : 'enterprise';
}

/** The order's steps as buttons; the report's step is the upload below. */
function OrderActions({ order: o, side }: { order: TestingOrder; side: ViewerRole }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { message } = App.useApp();
  const errorText = useInstErrorText(l.orderStatus);
  const step = useTestingOrderStep();
  const [to, setTo] = useState<TestingOrderStep | null>(null);
  const [form] = Form.useForm<{ reason?: string; unitPriceYuan?: number; dueDate?: Dayjs }>();
  const unitPrice = Form.useWatch('unitPriceYuan', form);
  const steps = o.allowedTransitions.filter((s): s is TestingOrderStep => s !== 'report_issued');
  if (!steps.length) return null;
  const needsReason = (s: TestingOrderStep) => s === 'declined' || (s === 'cancelled' && side !== 'enterprise');
  const dialog = (s: TestingOrderStep) => s === 'accepted' || s === 'declined' || s === 'cancelled';

  const run = (s: TestingOrderStep, v: { reason?: string; unitPriceYuan?: number; dueDate?: Dayjs } = {}) =>
    step.mutate(
      {
        id: o.id,
        to: s,
        reason: v.reason?.trim() || undefined,
        unitPriceYuan: v.unitPriceYuan,
        dueDate: v.dueDate?.format('YYYY-MM-DD'),
      },
      {
        onSuccess: () => {
          void message.success(t('inst.stepDone', { step: l.orderStep(s) }));
          setTo(null);
        },
        onError: (e) => {
          void message.error(errorText(e), 8);
          setTo(null);
        },
      },
    );

  return (
    <Space wrap aria-label={t('inst.actions')}>
      {steps.map((s) =>
        dialog(s) ? (
          <Button
            key={s}
            danger={s !== 'accepted'}
            type={s === 'accepted' ? 'primary' : 'default'}
            onClick={() => setTo(s)}
          >
            {l.orderStep(s)}
          </Button>
        ) : (
          <Popconfirm key={s} title={`${l.orderStep(s)}？`} onConfirm={() => run(s)} okText={t('common.confirm')}>
            <Button type="primary" loading={step.isPending && step.variables?.to === s}>
              {l.orderStep(s)}
            </Button>
          </Popconfirm>
        ),
      )}
      <Modal
        open={!!to}
        title={to ? t('inst.stepTitle', { step: l.orderStep(to), name: o.capabilityTitle ?? o.standard }) : ''}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={step.isPending}
        onOk={() => form.submit()}
        onCancel={() => setTo(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => to && run(to, v)}>
          {to === 'accepted' && (
            <>
              <Form.Item
                name="unitPriceYuan"
                label={t('inst.unitPrice')}
                rules={[{ required: true, message: t('login.required', { field: t('inst.unitPrice') }) }]}
                extra={`${t('inst.quoteHint')} ${o.quantity} × ${unitPrice ?? '—'} = ${l.yuan(
                  unitPrice != null ? o.quantity * unitPrice : null,
                )}`}
              >
                <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                name="dueDate"
                label={t('inst.dueDate')}
                rules={[{ required: true, message: t('login.required', { field: t('inst.dueDate') }) }]}
              >
                <DatePicker format="YYYY-MM-DD" />
              </Form.Item>
            </>
          )}
          {to && to !== 'accepted' && (
            <Form.Item
              name="reason"
              label={t('inst.reason')}
              rules={needsReason(to) ? [{ required: true, whitespace: true, message: t('inst.reasonRequired') }] : []}
            >
              <Input.TextArea rows={3} maxLength={1000} placeholder={t('inst.reasonPlaceholder')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

/** The PDF report: the provider uploads it while testing (the order moves to report issued); both download it. */
function ReportCard({ order: o, side }: { order: TestingOrder; side: ViewerRole }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { message } = App.useApp();
  const errorText = useInstErrorText(l.orderStatus);
  const upload = useUploadReport(o.id);
  const mayUpload = o.status === 'testing' && side !== 'enterprise';
  return (
    <Card size="small" title={t('inst.report')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {o.report ? (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('inst.report')}>
              <a href={reportUrl(o.id)} download={o.report.filename}>
                <FilePdfOutlined /> {o.report.filename}
              </a>
            </Descriptions.Item>
            <Descriptions.Item
              label={t('inst.size')}
            >{`${(o.report.sizeBytes / 1024).toFixed(1)} KB`}</Descriptions.Item>
            <Descriptions.Item label={t('inst.sha256')}>
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {o.report.sha256}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('inst.issuedAt')}>{l.time(o.report.issuedAt)}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('inst.noReport')}</Typography.Text>
        )}
        {o.report && (
          <a href={reportUrl(o.id)} download={o.report.filename}>
            <Button icon={<FilePdfOutlined />}>{t('inst.downloadReport')}</Button>
          </a>
        )}
        {mayUpload && (
          <Upload
            accept="application/pdf,.pdf"
            showUploadList={false}
            beforeUpload={(file) => {
              if (!/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') {
                void message.error(t('inst.onlyPdf'));
                return Upload.LIST_IGNORE;
              }
              if (file.size > MAX_REPORT_BYTES) {
                void message.error(t('inst.tooLarge'));
                return Upload.LIST_IGNORE;
              }
              upload.mutate(file, {
                onSuccess: () => void message.success(t('inst.uploaded', { name: file.name })),
                onError: (e) => void message.error(errorText(e), 8),
              });
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending}>
              {t('inst.uploadReport')}
            </Button>
          </Upload>
        )}
      </Space>
    </Card>
  );
}

/**
 * One testing order (/testing-orders/:id): where it stands on its path, what was ordered and quoted, the steps the
 * caller may take (the provider quotes and accepts, receives the samples, tests and uploads the report; the enterprise
 * cancels early or acknowledges the report), and the report to download.
 */
export default function TestingOrderPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useInstLabels();
  const me = useMe();
  const order = useTestingOrder(id);
  if (order.isLoading) return <Loading />;
  if (order.error || !order.data) return <LoadError error={order.error} />;
  const o = order.data;
  const side = viewerOf(o, me.organization.id, atLeast(me.user.role, 'coordinator'));
  const off = o.status === 'declined' || o.status === 'cancelled';
  const at = TESTING_ORDER_PATH.indexOf(o.status);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inst.orders')} · {o.capabilityTitle ?? o.standard} <OrderStatusTag status={o.status} />
        </Typography.Title>
        <OrderActions order={o} side={side} />
      </Space>
      <Steps
        size="small"
        current={off ? 0 : at}
        status={off ? 'error' : o.status === 'closed' ? 'finish' : 'process'}
        items={
          off
            ? [
                { title: l.orderStatus('requested') },
                { title: l.orderStatus(o.status), description: o.reason ?? undefined },
              ]
            : TESTING_ORDER_PATH.map((s) => ({ title: l.orderStatus(s) }))
        }
      />
      <Card size="small" title={t('inst.facts')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('inst.service')}>
            <Link to={`/capabilities/${o.capabilityId}`}>{o.capabilityTitle ?? t('common.view')}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('inst.provider')}>{o.providerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inst.client')}>{o.enterpriseName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inst.samplesText')}>{o.samples}</Descriptions.Item>
          <Descriptions.Item label={t('inst.sampleCount')}>{o.sampleCount}</Descriptions.Item>
          <Descriptions.Item label={t('inst.standard')}>{o.standard}</Descriptions.Item>
          <Descriptions.Item label={t('inst.quantity')}>{o.quantity}</Descriptions.Item>
          <Descriptions.Item label={t('inst.unitPrice')}>{l.yuan(o.unitPriceYuan)}</Descriptions.Item>
          <Descriptions.Item label={t('inst.amount')}>{l.yuan(o.amountYuan)}</Descriptions.Item>
          <Descriptions.Item label={t('inst.dueDate')}>{l.date(o.dueDate)}</Descriptions.Item>
          <Descriptions.Item label={t('inst.createdAt')}>{l.time(o.createdAt)}</Descriptions.Item>
          {o.reason && <Descriptions.Item label={t('inst.reason')}>{o.reason}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <ReportCard order={o} side={side} />
      {o.serviceRecordId && (
        <Link to={`/service-records?role=${side === 'coordinator' ? 'all' : side}`}>{t('inst.records')}</Link>
      )}
    </Space>
  );
}
