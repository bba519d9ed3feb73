import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { post as postTo } from '../../api/client';
import { usePost, useSavePost } from '../../api/envoys';
import { POST_KINDS, type SecondmentPost } from '../../api/envoy-types';
import { useOrganizationPage } from '../../api/organizations';
import { DISTRICTS } from '../../api/vocabulary.gen';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../components/states';
import { applyApiErrors } from '../../lib/apply-errors';
import { atLeast } from '../../lib/roles';
import { useErrorText, useVLabels } from '../vouchers/shared';
import { SectorPicker } from './SectorPicker';
import { useEnvoyLabels } from './labels';

interface Values {
  organizationId?: string;
  kind: string;
  title: string;
  field?: string;
  tasks: string;
  keywords?: string[];
  termMonths: number;
  district: string;
  address?: string;
  support?: string;
  positions: number;
  publish?: boolean;
}

const FIELDS = [
  'organizationId',
  'kind',
  'title',
  'field',
  'tasks',
  'keywords',
  'termMonths',
  'district',
  'address',
  'support',
  'positions',
];

/**
 * Posting a 科技特派员 / 科技副总 position (/envoy-posts/new) or changing a draft (/envoy-posts/:id/edit): the kind, the
 * field (one sector), the tasks and keywords the engine ranks experts by, the term, where, what the enterprise
 * offers, and how many positions. Coordinators post for an enterprise. Saved as a draft unless published at once.
 */
export default function EnvoyPostFormPage() {
  const { id } = useParams();
  const l = useVLabels();
  const { bi } = l;
  const el = useEnvoyLabels();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [notice, setNotice] = useState<string[]>([]);
  const coordinator = atLeast(me.user.role, 'coordinator');
  const existing = usePost(id);
  const save = useSavePost(id);
  const enterprises = useOrganizationPage(
    { page: 1, pageSize: 100, kind: 'enterprise' },
    { retry: false, staleTime: 60_000 },
  );
  if (id && existing.isLoading) return <Loading />;
  if (id && existing.error) return <LoadError error={existing.error} />;
  const p: SecondmentPost | undefined = existing.data;

  const initial: Partial<Values> = p
    ? {
        kind: p.kind,
        title: p.title,
        field: p.field,
        tasks: p.tasks,
        keywords: p.keywords,
        termMonths: p.termMonths,
        district: p.district,
        address: p.address ?? '',
        support: p.support ?? '',
        positions: p.positions,
      }
    : {
        kind: 'envoy',
        termMonths: 12,
        positions: 1,
        district: me.organization.kind === 'enterprise' ? me.organization.district : undefined,
        keywords: [],
      };

  const submit = (v: Values) => {
    setNotice([]);
    const body: Record<string, unknown> = {
      kind: v.kind,
      title: v.title.trim(),
      field: v.field,
      tasks: v.tasks.trim(),
      keywords: (v.keywords ?? []).map((k) => k.trim()).filter(Boolean),
      termMonths: v.termMonths,
      district: v.district,
      address: v.address?.trim() ?? '',
      support: v.support?.trim() ?? '',
      positions: v.positions,
    };
    if (!id && coordinator) body.organizationId = v.organizationId;
    save.mutate(body, {
      onSuccess: (saved) => {
        const go = () => void navigate(`/envoy-posts/${saved.id}`);
        if (v.publish && saved.status === 'draft') {
          postTo(`/secondment-posts/${saved.id}/transitions`, { to: 'open' })
            .then(() => void message.success(bi('已发布', 'Published')))
            .catch((e: unknown) => void message.error(errorText(e), 8))
            .finally(go);
        } else {
          void message.success(bi('已保存', 'Saved'));
          go();
        }
      },
      onError: (e) => setNotice(applyApiErrors(form, e, FIELDS)),
    });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 860 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {id
          ? bi('修改岗位', 'Edit the post')
          : bi('发布科技特派员 / 科技副总岗位', 'Post a science envoy / vice-president position')}
      </Typography.Title>
      {notice.length > 0 && <Alert type="error" showIcon title={notice.join('；')} />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {coordinator && !id && (
          <Form.Item name="organizationId" label={bi('需求企业', 'Enterprise')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={enterprises.isLoading}
              options={(enterprises.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="kind" label={bi('岗位类型', 'Kind')} rules={[{ required: true }]}>
          <Radio.Group options={POST_KINDS.map((k) => ({ value: k, label: el.kind(k) }))} />
        </Form.Item>
        <Form.Item name="title" label={bi('岗位名称', 'Title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="field" label={bi('技术领域', 'Field')} rules={[{ required: true }]}>
          <SectorPicker id="field" placeholder={bi('选择领域', 'Pick a sector')} />
        </Form.Item>
        <Form.Item name="tasks" label={bi('工作任务', 'Tasks')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={5} maxLength={5000} />
        </Form.Item>
        <Form.Item name="keywords" label={bi('关键词', 'Keywords')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="termMonths" label={bi('服务期限（月）', 'Term (months)')} rules={[{ required: true }]}>
            <InputNumber min={1} max={36} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="positions" label={bi('岗位人数', 'Positions')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="district" label={bi('工作地点（区县）', 'District')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={DISTRICTS.map((d) => ({ value: d, label: l.district(d) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={bi('详细地址', 'Address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="support" label={bi('企业提供的支持（补贴、住宿、团队等）', 'What the enterprise offers')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {!id && (
          <Form.Item name="publish" valuePropName="checked">
            <Checkbox>{bi('保存后直接发布', 'Publish on saving')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {bi('保存', 'Save')}
          </Button>
        </Form.Item>
      </Form>
    </Space>
  );
}
