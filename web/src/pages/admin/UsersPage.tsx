import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Grid, Input, Modal, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationPage } from '../../api/organizations';
import type { Role, User } from '../../api/types';
import { useCreateUser, useUpdateUser, useUserPage } from '../../api/users';
import { ROLES } from '../../api/vocabulary.gen';
import { useMe } from '../../auth/session';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { options, useLabels } from '../../hooks/useLabels';
import { applyApiErrors } from '../../lib/apply-errors';
import { atLeast } from '../../lib/roles';

const ROLE_COLOR: Record<Role, string> = { member: 'default', coordinator: 'blue', admin: 'red' };
const MIN_PASSWORD = 10;

/** The experts filter: a Select's values are strings, the API's `expert` a boolean. */
type ExpertFilter = 'yes' | 'no';
const EXPERT_FILTER: Record<ExpertFilter, boolean> = { yes: true, no: false };

interface Values {
  email: string;
  name: string;
  password: string;
  role: Role;
  organizationId: string;
}

const FIELDS = ['email', 'name', 'password', 'role', 'organizationId'] as const;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The organisations to name users by and to pick from. One page of up to 100 (the API's limit); if the caller may
 * not list them, only its own organisation is known.
 */
function useOrganizations() {
  const me = useMe();
  const q = useOrganizationPage({ page: 1, pageSize: 100 }, { retry: false, staleTime: 60_000 });
  return useMemo(() => {
    const list = q.data?.items ?? [];
    const all = list.some((o) => o.id === me.organization.id) ? list : [me.organization, ...list];
    return { list: all, byId: new Map(all.map((o) => [o.id, o])), loading: q.isLoading };
  }, [q.data, q.isLoading, me.organization]);
}

function NewUserModal({
  roles,
  orgOptions,
  onClose,
}: {
  roles: readonly Role[];
  orgOptions: Array<{ value: string; label: string }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const l = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const required = (field: string) => ({ required: true, whitespace: true, message: t('login.required', { field }) });

  const create = useCreateUser({
    onSuccess: () => {
      void message.success(t('common.created'));
      onClose();
    },
    onError: (e) => {
      const other = applyApiErrors(form, e, FIELDS);
      if (other.length) void message.error(other.join('；'));
    },
  });

  return (
    <Modal
      open
      title={t('admin.newUser')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: 'member' }}
        onFinish={(v) =>
          create.mutate({
            email: v.email.trim(),
            name: v.name.trim(),
            password: v.password,
            role: v.role,
            organizationId: v.organizationId,
          })
        }
        scrollToFirstError
        autoComplete="off"
      >
        <Form.Item label={t('admin.email')} name="email" rules={[required(t('admin.email')), { type: 'email' }]}>
          <Input type="email" autoComplete="off" maxLength={254} />
        </Form.Item>
        <Form.Item label={t('admin.name')} name="name" rules={[required(t('admin.name'))]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('admin.password')}
          name="password"
          rules={[required(t('admin.password')), { min: MIN_PASSWORD, message: `≥ ${MIN_PASSWORD}` }]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item label={t('admin.role')} name="role" rules={[{ required: true }]}>
          <Select options={options(roles, l.role)} disabled={roles.length < 2} />
        </Form.Item>
        <Form.Item
          label={t('common.organization')}
          name="organizationId"
          rules={[{ required: true, message: t('login.required', { field: t('common.organization') }) }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={orgOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const l = useLabels();
  const me = useMe();
  const { message, modal } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const isAdmin = atLeast(me.user.role, 'admin');
  // Coordinators manage members only; admins any role.
  const assignable: readonly Role[] = isAdmin ? ROLES : ['member'];
  const paged = usePagedFilters<{ role?: Role; organizationId?: string; expert?: ExpertFilter }>({});
  const { page, pageSize, filters, setFilter } = paged;
  const [creating, setCreating] = useState(false);
  const orgs = useOrganizations();
  const orgOptions = orgs.list.map((o) => ({ value: o.id, label: o.name }));

  const { expert, ...rest } = filters;
  const list = useUserPage({ page, pageSize, ...rest, expert: expert && EXPERT_FILTER[expert] });

  const update = useUpdateUser({
    onSuccess: () => void message.success(t('common.saved')),
    onError: (e) => void message.error(errorText(e)),
  });

  const changeRole = (u: User, next: Role) => {
    if (next === u.role) return;
    modal.confirm({
      title: t('admin.changeRole'),
      content: `${u.name}（${u.email}）：${l.role(u.role)} → ${l.role(next)}`,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        // Errors are shown by the mutation; the dialog closes either way.
        await update.mutateAsync({ id: u.id, body: { role: next } }).catch(() => undefined);
      },
    });
  };

  // A coordinator may change members only; nobody switches themselves off here.
  const mayTouch = (u: User) => isAdmin || u.role === 'member';
  const pendingId = update.isPending ? update.variables?.id : undefined;
  /** Whether this row's `field` is being saved (the row's other controls wait meanwhile). */
  const saving = (r: User, field: 'active' | 'expert') =>
    pendingId === r.id && update.variables?.body[field] !== undefined;

  const columns: ColumnsType<User> = [
    {
      title: t('admin.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          {narrow && <Typography.Text type="secondary">{r.email}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('admin.email'), dataIndex: 'email', responsive: ['md'] },
    {
      title: t('admin.role'),
      dataIndex: 'role',
      responsive: ['sm'],
      render: (r: Role) => <Tag color={ROLE_COLOR[r]}>{l.role(r)}</Tag>,
    },
    {
      title: t('common.organization'),
      dataIndex: 'organizationId',
      responsive: ['lg'],
      render: (id: string) => orgs.byId.get(id)?.name ?? <Typography.Text type="secondary">{id}</Typography.Text>,
    },
    {
      title: t('admin.changeRole'),
      key: 'changeRole',
      render: (_: unknown, r) => (
        <Select<Role>
          size="small"
          style={{ width: 110 }}
          value={r.role}
          options={options(isAdmin ? ROLES : [r.role], l.role)}
          disabled={!isAdmin || pendingId === r.id}
          onChange={(v) => changeRole(r, v)}
        />
      ),
    },
    {
      title: t('admin.active'),
      dataIndex: 'active',
      render: (active: boolean, r) => (
        <Switch
          size="small"
          checked={active}
          loading={saving(r, 'active')}
          disabled={!mayTouch(r) || r.id === me.user.id || pendingId === r.id}
          onChange={(checked) => update.mutate({ id: r.id, body: { active: checked } })}
        />
      ),
    },
    {
      title: <Tooltip title={t('admin.expertHelp')}>{t('admin.expert')}</Tooltip>,
      dataIndex: 'expert',
      // Experts are tagged; whoever may manage the user switches it here (never on one's own row).
      render: (expert: boolean, r) => (
        <Space size="small">
          {mayTouch(r) && r.id !== me.user.id && (
            <Switch
              size="small"
              checked={expert}
              loading={saving(r, 'expert')}
              disabled={pendingId === r.id}
              aria-label={t('admin.setExpert', { name: r.name })}
              onChange={(checked) => update.mutate({ id: r.id, body: { expert: checked } })}
            />
          )}
          {expert && <Tag color="gold">{t('admin.expert')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      responsive: ['xl'],
      render: (d: string) => new Date(d).toLocaleDateString(),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <ListHeader
        title={t('nav.users')}
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('admin.newUser')}
          </Button>
        }
      />
      <Space wrap>
        <Select<Role>
          allowClear
          placeholder={t('admin.role')}
          style={{ width: 140 }}
          options={options(ROLES, l.role)}
          value={filters.role}
          onChange={(v: Role | undefined) => setFilter('role', v)}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.organization')}
          style={{ width: 240 }}
          loading={orgs.loading}
          options={orgOptions}
          value={filters.organizationId}
          onChange={(v: string | undefined) => setFilter('organizationId', v)}
        />
        <Select<ExpertFilter>
          allowClear
          placeholder={t('admin.expert')}
          style={{ width: 140 }}
          options={[
            { value: 'yes', label: t('admin.experts') },
            { value: 'no', label: t('admin.nonExperts') },
          ]}
          value={filters.expert}
          onChange={(v: ExpertFilter | undefined) => setFilter('expert', v)}
        />
      </Space>
      <PagedTable<User>
        rowKey="id"
        query={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={paged.onPage}
      />
      {creating && <NewUserModal roles={assignable} orgOptions={orgOptions} onClose={() => setCreating(false)} />}
    </Space>
  );
}
