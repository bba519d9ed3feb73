import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useEnvoyWrite, useNominations } from '../../api/envoys';
import type { Nomination, NominationAction, SecondmentPost } from '../../api/envoy-types';
import { useListingPage } from '../../api/listings';
import { useMe } from '../../auth/session';
import { LoadError } from '../../components/states';
import { CAPABILITY_OWNERS } from '../../lib/roles';
import { StatusTag, useErrorText, useStatusLabel, useVLabels } from '../vouchers/shared';

/**
 * The post's nominations: who nominated whom, and each side's acceptance — buttons only for the steps the caller's
 * side may take from where the nomination stands. Universities, institutes and labs nominate an expert (themselves,
 * or one of their expertise capabilities) while the post is open.
 */
export function NominationsTab({ post: p }: { post: SecondmentPost }) {
  const l = useVLabels();
  const { bi } = l;
  const me = useMe();
  const label = useStatusLabel();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const nominations = useNominations(p.id);
  const [nominating, setNominating] = useState(false);
  const [declining, setDeclining] = useState<{ n: Nomination; to: NominationAction } | null>(null);
  const [reason, setReason] = useState('');
  const move = useEnvoyWrite<{ id: string; body: Record<string, unknown> }>(
    (b) => `/secondment-nominations/${b.id}/transitions`,
  );
  const mayNominate =
    p.status === 'open' && me.user.role === 'member' && CAPABILITY_OWNERS.includes(me.organization.kind);
  const actionName = (a: NominationAction) =>
    ({
      enterprise_accepted: bi('企业接受', 'Accept (enterprise)'),
      nominee_accepted: bi('接受邀请', 'Accept (nominee)'),
      declined: bi('婉拒', 'Decline'),
      withdrawn: bi('撤回推荐', 'Withdraw'),
    })[a];

  const take = (n: Nomination, to: NominationAction, why?: string) =>
    move.mutate(
      { id: n.id, body: { to, reason: why?.trim() || undefined } },
      {
        onSuccess: () => {
          void message.success(bi(`已${actionName(to)}`, `Done: ${actionName(to)}`));
          setDeclining(null);
          setReason('');
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );

  if (nominations.error) return <LoadError error={nominations.error} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {mayNominate && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setNominating(true)}>
          {bi('推荐人选', 'Nominate an expert')}
        </Button>
      )}
      <Table<Nomination>
        size="small"
        rowKey="id"
        pagination={false}
        loading={nominations.isFetching}
        dataSource={nominations.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: bi('还没有推荐人选', 'No nominations yet') }}
        expandable={{
          rowExpandable: (n) => !!n.statement,
          expandedRowRender: (n) => (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{n.statement}</Typography.Paragraph>
          ),
        }}
        columns={[
          { title: bi('人选', 'Nominee'), dataIndex: 'nomineeName' },
          {
            title: bi('推荐单位', 'Nominated by'),
            render: (_, n) => n.nominatingOrganization.name,
          },
          {
            title: bi('企业接受', 'Enterprise'),
            render: (_, n) => (n.enterpriseAcceptedAt ? l.time(n.enterpriseAcceptedAt) : '—'),
          },
          {
            title: bi('专家接受', 'Nominee'),
            render: (_, n) => (n.nomineeAcceptedAt ? l.time(n.nomineeAcceptedAt) : '—'),
          },
          { title: bi('状态', 'Status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: bi('操作', 'Actions'),
            render: (_, n) => (
              <Space size={4} wrap>
                {n.allowedActions.map((a) => (
                  <Button
                    key={a}
                    size="small"
                    type={a.endsWith('accepted') ? 'primary' : 'default'}
                    danger={a === 'declined'}
                    loading={move.isPending && move.variables?.id === n.id && move.variables.body.to === a}
                    onClick={() => (a === 'declined' || a === 'withdrawn' ? setDeclining({ n, to: a }) : take(n, a))}
                  >
                    {actionName(a)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!declining}
        title={declining ? `${actionName(declining.to)} · ${declining.n.nomineeName}` : ''}
        okText={bi('确定', 'Confirm')}
        cancelText={bi('取消', 'Cancel')}
        confirmLoading={move.isPending}
        onOk={() => declining && take(declining.n, declining.to, reason)}
        onCancel={() => setDeclining(null)}
      >
        <Typography.Paragraph>
          {declining && bi(`现在状态：${label(declining.n.status)}`, `Now: ${label(declining.n.status)}`)}
        </Typography.Paragraph>
        <Input.TextArea
          aria-label={bi('理由', 'Reason')}
          placeholder={bi('理由（可选）', 'Reason (optional)')}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      {nominating && <NominateDialog post={p} onClose={() => setNominating(false)} />}
    </Space>
  );
}

/** A nomination: the expert (the caller themselves and/or one of the organisation's expertise capabilities) and why. */
function NominateDialog({ post: p, onClose }: { post: SecondmentPost; onClose: () => void }) {
  const { bi } = useVLabels();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ self: boolean; nomineeName: string; capabilityId?: string; statement: string }>();
  const [error, setError] = useState<string | null>(null);
  const capabilities = useListingPage('capabilities', { mine: true, page: 1, pageSize: 100 });
  const expertise = (capabilities.data?.items ?? []).filter((c) => c.kind === 'expertise');
  const nominate = useEnvoyWrite<Record<string, unknown>>(() => `/secondment-posts/${p.id}/nominations`);
  return (
    <Modal
      open
      title={`${bi('推荐人选', 'Nominate an expert')} · ${p.title}`}
      okText={bi('提交推荐', 'Nominate')}
      cancelText={bi('取消', 'Cancel')}
      confirmLoading={nominate.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ self: true, nomineeName: me.user.name }}
        onFinish={(v) => {
          setError(null);
          nominate.mutate(
            {
              nomineeUserId: v.self ? me.user.id : undefined,
              capabilityId: v.capabilityId || undefined,
              nomineeName: v.nomineeName.trim(),
              statement: v.statement.trim(),
            },
            {
              onSuccess: () => {
                void message.success(bi('已推荐，等待企业与专家双向确认', 'Nominated; both sides now accept'));
                onClose();
              },
              onError: (e) => setError(errorText(e)),
            },
          );
        }}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="self" valuePropName="checked">
          <Checkbox>{bi('推荐我本人', 'Nominate myself')}</Checkbox>
        </Form.Item>
        <Form.Item name="nomineeName" label={bi('人选姓名', 'Nominee')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="capabilityId" label={bi('对应的专家成果（可选）', 'Expertise listing (optional)')}>
          <Select
            allowClear
            loading={capabilities.isLoading}
            options={expertise.map((c) => ({ value: c.id, label: c.title }))}
          />
        </Form.Item>
        <Form.Item name="statement" label={bi('推荐理由', 'Statement')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
