import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCapabilityInstruments, useSaveInstrument } from '../../api/instruments';
import {
  INSTRUMENT_MODES,
  INSTRUMENT_UNITS,
  type Instrument,
  type InstrumentInput,
  type OpeningWindow,
} from '../../api/instrument-types';
import type { Capability } from '../../api/types';
import { DISTRICTS } from '../../api/vocabulary.gen';
import { applyApiErrors } from '../../lib/apply-errors';
import { HALF_HOURS, openingProblems, openingSummary } from '../../lib/week-calendar';
import { useInstLabels } from './shared';

type FormValues = Omit<InstrumentInput, 'openingHours'> & { openingHours: Array<Partial<OpeningWindow>> };

const FIELDS = [
  'name',
  'model',
  'district',
  'address',
  'mode',
  'unit',
  'priceYuan',
  'openingHours',
  'blackoutDates',
  'minNoticeHours',
  'active',
];
const WORKDAYS: OpeningWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' }));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Adds an instrument to the capability (no `instrument`) or edits one. */
function InstrumentDialog({
  capability,
  instrument,
  onClose,
}: {
  capability: Capability;
  instrument: Instrument | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const { message } = App.useApp();
  const save = useSaveInstrument(capability.id);
  const [form] = Form.useForm<FormValues>();
  const [other, setOther] = useState<string[]>([]);
  const initial: Partial<FormValues> = instrument
    ? { ...instrument, openingHours: instrument.openingHours }
    : {
        district: capability.district,
        mode: 'assisted',
        unit: 'hour',
        minNoticeHours: 24,
        active: true,
        openingHours: [],
        blackoutDates: [],
      };
  const submit = (v: FormValues) => {
    setOther([]);
    const body: InstrumentInput = {
      ...v,
      name: v.name.trim(),
      model: v.model?.trim() || null,
      address: v.address.trim(),
      openingHours: v.openingHours.map((w) => ({ weekday: w.weekday!, from: w.from!, to: w.to! })),
      blackoutDates: [...new Set(v.blackoutDates ?? [])].sort(),
    };
    save.mutate(
      { id: instrument?.id, body },
      {
        onSuccess: () => {
          void message.success(t('inst.saved'));
          onClose();
        },
        onError: (e) => setOther(applyApiErrors(form, e, FIELDS)),
      },
    );
  };

  return (
    <Modal
      open
      width={760}
      title={instrument ? t('inst.editTitle') : t('inst.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {other.length > 0 && <Alert type="error" showIcon title={other.join('；')} style={{ marginBottom: 12 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        preserve={false}
        // A window's problem is told again as soon as it changes (the list's own rule runs on submit otherwise).
        onValuesChange={(changed: Partial<FormValues>) => {
          if (changed.openingHours && form.getFieldError('openingHours').length)
            void form.validateFields(['openingHours']).catch(() => undefined);
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('inst.name')}
              rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('inst.name') }) }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="model" label={t('inst.model')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="district" label={t('inst.district')} rules={[{ required: true }]}>
              <Select showSearch options={DISTRICTS.map((d) => ({ value: d, label: l.district(d) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="address"
              label={t('inst.address')}
              rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('inst.address') }) }]}
            >
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="mode" label={t('inst.mode')} rules={[{ required: true }]}>
              <Select options={INSTRUMENT_MODES.map((m) => ({ value: m, label: l.mode(m) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="unit" label={t('inst.unit')} rules={[{ required: true }]}>
              <Select options={INSTRUMENT_UNITS.map((u) => ({ value: u, label: l.unit(u) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="priceYuan"
              label={t('inst.price')}
              rules={[{ required: true, message: t('login.required', { field: t('inst.price') }) }]}
            >
              <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="minNoticeHours" label={t('inst.minNotice')}>
              <InputNumber min={0} max={720} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List
          name="openingHours"
          rules={[
            {
              validator: (_, ws?: Array<Partial<OpeningWindow>>) => {
                if (!ws?.length) return Promise.reject(new Error(t('inst.needWindow')));
                const bad = openingProblems(ws);
                if (!bad.length) return Promise.resolve();
                const text = bad.map(
                  (b) => `${t('inst.window', { n: b.index + 1 })}：${t(`inst.windowProblem.${b.problem}`)}`,
                );
                return Promise.reject(new Error(text.join('；')));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={t('inst.opening')} required>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="baseline">
                    <Form.Item name={[f.name, 'weekday']} noStyle>
                      <Select
                        aria-label={t('inst.weekdayLabel', { n: i + 1 })}
                        style={{ width: 110 }}
                        options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: l.weekday(d) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'from']} noStyle>
                      <Select
                        showSearch
                        aria-label={t('inst.fromLabel', { n: i + 1 })}
                        style={{ width: 100 }}
                        options={HALF_HOURS.slice(0, -1).map((h) => ({ value: h, label: h }))}
                      />
                    </Form.Item>
                    <span>–</span>
                    <Form.Item name={[f.name, 'to']} noStyle>
                      <Select
                        showSearch
                        aria-label={t('inst.toLabel', { n: i + 1 })}
                        style={{ width: 100 }}
                        options={HALF_HOURS.slice(1).map((h) => ({ value: h, label: h }))}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={`${t('inst.removeWindow')} ${i + 1}`}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Space wrap>
                  <Button icon={<PlusOutlined />} onClick={() => add({ weekday: 1, from: '09:00', to: '17:00' })}>
                    {t('inst.addWindow')}
                  </Button>
                  <Button onClick={() => form.setFieldValue('openingHours', WORKDAYS)}>{t('inst.workdays')}</Button>
                </Space>
                <Form.ErrorList errors={errors} />
              </Space>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item
          name="blackoutDates"
          label={t('inst.blackout')}
          extra={t('inst.blackoutHint')}
          rules={[
            {
              validator: (_, ds?: string[]) => {
                const bad = (ds ?? []).find((d) => !DATE.test(d) || Number.isNaN(Date.parse(d)));
                return bad ? Promise.reject(new Error(t('inst.badDate', { value: bad }))) : Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" aria-label={t('inst.blackout')} tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item name="active" label={t('inst.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The instruments of an `equipment` capability (on its page): each with its price, opening hours and blackout dates
 * and a link to its calendar; its organisation's members and coordinators add and edit them.
 */
export function CapabilityInstruments({ capability, mayAct }: { capability: Capability; mayAct: boolean }) {
  const { t } = useTranslation();
  const l = useInstLabels();
  const list = useCapabilityInstruments(capability.id);
  const [editing, setEditing] = useState<Instrument | 'new' | null>(null);
  return (
    <Card
      size="small"
      title={t('inst.section')}
      extra={
        mayAct && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('inst.add')}
          </Button>
        )
      }
    >
      {mayAct && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('inst.sectionHint')}
        </Typography.Paragraph>
      )}
      <Table<Instrument>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('inst.noInstruments') }}
        columns={[
          {
            title: t('inst.name'),
            render: (_, x) => (
              <Space size={4}>
                <Link to={`/instruments/${x.id}`}>{x.name}</Link>
                {x.model && <Typography.Text type="secondary">{x.model}</Typography.Text>}
                {!x.active && <Tag>{t('inst.inactive')}</Tag>}
              </Space>
            ),
          },
          { title: t('inst.mode'), render: (_, x) => l.mode(x.mode) },
          { title: t('inst.price'), render: (_, x) => l.price(x.priceYuan, x.unit) },
          {
            title: t('inst.opening'),
            render: (_, x) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {openingSummary(x.openingHours, l.weekdayShort)}
              </Typography.Text>
            ),
          },
          { title: t('inst.blackout'), render: (_, x) => x.blackoutDates.join('、') || '—' },
          {
            title: t('inst.actions'),
            render: (_, x) => (
              <Space size="small">
                <Link to={`/instruments/${x.id}`}>{t('inst.calendar')}</Link>
                {mayAct && (
                  <Button size="small" onClick={() => setEditing(x)}>
                    {t('common.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <InstrumentDialog
          capability={capability}
          instrument={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
