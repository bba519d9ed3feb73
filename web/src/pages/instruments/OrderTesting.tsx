import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useRequestTestingOrder } from '../../api/instruments';
import type { TestingOrderInput } from '../../api/instrument-types';
import type { Capability } from '../../api/types';
import { useMe } from '../../auth/session';
import { applyApiErrors } from '../../lib/apply-errors';
import './i18n';

const FIELDS = ['samples', 'sampleCount', 'standard', 'quantity'];

function OrderDialog({ capability, onClose }: { capability: Capability; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const order = useRequestTestingOrder(capability.id);
  const [form] = Form.useForm<TestingOrderInput>();
  const [other, setOther] = useState<string[]>([]);
  const submit = (v: TestingOrderInput) => {
    setOther([]);
    order.mutate(
      { ...v, samples: v.samples.trim(), standard: v.standard.trim() },
      {
        onSuccess: (o) => {
          void message.success(t('inst.ordered'));
          onClose();
          void navigate(`/testing-orders/${o.id}`);
        },
        onError: (e) => setOther(applyApiErrors(form, e, FIELDS)),
      },
    );
  };
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('login.required', { field: t(field) }) },
  ];
  return (
    <Modal
      open
      title={t('inst.orderTitle', { name: capability.title })}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={order.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('inst.orderHint')}</Typography.Paragraph>
      {other.length > 0 && <Alert type="error" showIcon title={other.join('；')} style={{ marginBottom: 12 }} />}
      <Form<TestingOrderInput>
        form={form}
        layout="vertical"
        initialValues={{ sampleCount: 1, quantity: 1 }}
        onFinish={submit}
        preserve={false}
      >
        <Form.Item name="samples" label={t('inst.samplesText')} rules={required('inst.samplesText')}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('inst.samplesPlaceholder')} />
        </Form.Item>
        <Form.Item name="standard" label={t('inst.standard')} rules={required('inst.standard')}>
          <Input maxLength={100} placeholder={t('inst.standardPlaceholder')} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="sampleCount" label={t('inst.sampleCount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} precision={0} />
          </Form.Item>
          <Form.Item name="quantity" label={t('inst.quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/**
 * 委托检测 on a `service` capability's page: enterprise members order a test (samples, standard, counts) and land on
 * the order's page; the provider's members are pointed to the orders they received.
 */
export function OrderTestingCard({ capability, mayAct }: { capability: Capability; mayAct: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const mayOrder = me.organization.kind === 'enterprise' && me.user.role === 'member' && capability.status === 'active';
  if (!mayOrder && !mayAct) return null;
  return (
    <Card size="small" title={t('inst.orders')}>
      <Space orientation="vertical">
        <Typography.Text type="secondary">{t('inst.ordersIntro')}</Typography.Text>
        {mayOrder ? (
          <Button type="primary" icon={<ExperimentOutlined />} onClick={() => setOpen(true)}>
            {t('inst.orderTesting')}
          </Button>
        ) : (
          <Link to="/testing-orders?role=provider">{t('inst.tabs.orders.provider')}</Link>
        )}
      </Space>
      {open && <OrderDialog capability={capability} onClose={() => setOpen(false)} />}
    </Card>
  );
}
