import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Grid, Input, Modal, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationPage, useSaveOrganization } from '../../api/organizations';
import type { Organization, OrganizationKind } from '../../api/types';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { DISTRICTS, ORGANIZATION_KINDS } from '../../api/vocabulary.gen';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { options, useLabels } from '../../hooks/useLabels';
import { applyApiErrors } from '../../lib/apply-errors';

interface Values {
  kind: OrganizationKind;
  name: string;
  district: string;
  creditCode?: string;
  contact?: { person?: string; phone?: string; email?: string };
}

const FIELDS = ['kind', 'name', 'district', 'creditCode', 'contact'] as const;

/** Empty inputs become null, so clearing a field in the form clears it on the server. */
const orNull = (v: string | undefined | null): string | null => {
  const s = v?.trim();
  return s ? s : null;
};

function toBody(v: Values) {
  return {
    kind: v.kind,
    name: v.name.trim(),
    district: v.district,
    creditCode: orNull(v.creditCode)?.toUpperCase() ?? null,
    contact: { person: orNull(v.contact?.person), phone: orNull(v.contact?.phone), email: orNull(v.contact?.email) },
  };
}

/** The form to create an organisation (`org` absent) or change one. Mounted only while open, so it starts fresh. */
function OrganizationModal({ org, onClose }: { org?: Organization; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  const save = useSaveOrganization(org?.id, {
    onSuccess: () => {
      void message.success(org ? t('common.saved') : t('common.created'));
      onClose();
    },
    onError: (e) => {
      const other = applyApiErrors(form, e, FIELDS);
      if (other.length) void message.error(other.join('；'));
    },
  });

  const initial: Partial<Values> = org
    ? {
        kind: org.kind,
        name: org.name,
        district: org.district,
        creditCode: org.creditCode ?? undefined,
        contact: {
          person: org.contact.person ?? undefined,
          phone: org.contact.phone ?? undefined,
          email: org.contact.email ?? undefined,
        },
      }
    : { kind: 'enterprise' };

  return (
    <Modal
      open
      title={org ? t('admin.editOrg') : t('admin.newOrg')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(toBody(v))}
        scrollToFirstError
      >
        <Form.Item
          label={t('admin.orgKind')}
          name="kind"
          rules={[{ required: true, message: t('login.required', { field: t('admin.orgKind') }) }]}
        >
          <Select options={options(ORGANIZATION_KINDS, l.orgKind)} />
        </Form.Item>
        <Form.Item
          label={t('admin.orgName')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('admin.orgName') }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label={t('common.district')}
          name="district"
          rules={[{ required: true, message: t('login.required', { field: t('common.district') }) }]}
        >
          <Select showSearch options={options(DISTRICTS, l.district)} />
        </Form.Item>
        <Form.Item label={`${t('admin.creditCode')}（${t('common.optional')}）`} name="creditCode">
          <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item label={t('admin.contactPerson')} name={['contact', 'person']} rules={[{ max: 50 }]}>
            <Input maxLength={50} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label={t('admin.contactPhone')} name={['contact', 'phone']}>
            <Input maxLength={30} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label={t('admin.contactEmail')} name={['contact', 'email']} rules={[{ type: 'email' }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const l = useLabels();
  const paged = usePagedFilters<{ q: string; kind?: string; district?: string }>({ q: '' });
  const { page, pageSize, filters, setFilter } = paged;
  const narrow = !Grid.useBreakpoint().md;
  // null: no form open; 'new': creating; an organisation: editing it.
  const [editing, setEditing] = useState<Organization | 'new' | null>(null);

  const list = useOrganizationPage({ page, pageSize, ...filters });

  const columns: ColumnsType<Organization> = [
    {
      title: t('admin.orgName'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          {narrow && (
            <Typography.Text type="secondary">
              {l.orgKind(r.kind)} · {l.district(r.district)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('admin.orgKind'), dataIndex: 'kind', responsive: ['md'], render: (k: string) => l.orgKind(k) },
    { title: t('common.district'), dataIndex: 'district', responsive: ['md'], render: (d: string) => l.district(d) },
    {
      title: t('admin.creditCode'),
      dataIndex: 'creditCode',
      responsive: ['lg'],
      render: (c: string | null) => c ?? '—',
    },
    {
      title: t('admin.contactPerson'),
      key: 'contact',
      responsive: ['sm'],
      render: (_: unknown, r) =>
        r.contact.person || r.contact.phone ? (
          <Space orientation="vertical" size={0}>
            <span>{r.contact.person ?? '—'}</span>
            {r.contact.phone && <Typography.Text type="secondary">{r.contact.phone}</Typography.Text>}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <ListHeader
        title={t('nav.organizations')}
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('admin.newOrg')}
          </Button>
        }
      />
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('admin.orgName')}
          onSearch={(v) => setFilter('q', v.trim())}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('admin.orgKind')}
          style={{ width: 150 }}
          options={options(ORGANIZATION_KINDS, l.orgKind)}
          value={filters.kind}
          onChange={(v: string | undefined) => setFilter('kind', v)}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('common.district')}
          style={{ width: 150 }}
          options={options(DISTRICTS, l.district)}
          value={filters.district}
          onChange={(v: string | undefined) => setFilter('district', v)}
        />
      </Space>
      <PagedTable<Organization>
        rowKey="id"
        query={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={paged.onPage}
      />
      {editing && (
        <OrganizationModal
          key={editing === 'new' ? 'new' : editing.id}
          org={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
