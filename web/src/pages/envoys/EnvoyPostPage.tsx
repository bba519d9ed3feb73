import { EditOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Modal, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useEnvoyWrite, usePost } from '../../api/envoys';
import type { PostStatus } from '../../api/envoy-types';
import { useSectorLabel } from '../../components/sectors';
import { LoadError, Loading } from '../../components/states';
import { StatusTag, useErrorText, useVLabels } from '../vouchers/shared';
import { AgreementsTab } from './AgreementsTab';
import { CandidatesTab } from './CandidatesTab';
import { EventsTab } from './EventsTab';
import { NominationsTab } from './NominationsTab';
import { useEnvoyLabels } from './labels';

/**
 * One post (/envoy-posts/:id): what the enterprise asks for and offers, its next step (publish, close), the experts
 * the engine ranks for it with why (the enterprise and coordinators), the nominations with each side's acceptance,
 * and the agreements — signing, the monthly work logs, the enterprise's evaluation — and, for the enterprise and
 * coordinators, the audit trail. The open tab is in the address.
 */
export default function EnvoyPostPage() {
  const { id } = useParams();
  const l = useVLabels();
  const { bi } = l;
  const el = useEnvoyLabels();
  const sector = useSectorLabel();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const [to, setTo] = useState<PostStatus | null>(null);
  const post = usePost(id);
  const move = useEnvoyWrite<{ to: PostStatus }>(() => `/secondment-posts/${id}/transitions`);
  if (post.isLoading) return <Loading />;
  if (post.error || !post.data) return <LoadError error={post.error} />;
  const p = post.data;
  const manages = p.viewerRole === 'coordinator' || p.viewerRole === 'owner';
  // Filled and its way back to open are the system's steps (the agreements), not buttons.
  const steps = manages
    ? p.allowedTransitions.filter((s) => s === 'closed' || (s === 'open' && p.status === 'draft'))
    : [];
  const stepName = (s: string) =>
    s === 'open' ? bi('发布岗位', 'Publish') : s === 'closed' ? bi('关闭岗位', 'Close') : s;

  const tabs = [
    ...(manages && p.status !== 'draft'
      ? [{ key: 'candidates', label: bi('推荐专家', 'Ranked experts'), children: <CandidatesTab post={p} /> }]
      : []),
    { key: 'nominations', label: bi('推荐人选', 'Nominations'), children: <NominationsTab post={p} /> },
    { key: 'agreements', label: bi('协议与履职', 'Agreements'), children: <AgreementsTab post={p} /> },
    ...(manages ? [{ key: 'events', label: bi('岗位记录', 'Audit trail'), children: <EventsTab post={p} /> }] : []),
  ];
  const asked = params.get('tab');
  const active = tabs.some((x) => x.key === asked) ? asked! : tabs[0].key;
  const open = (tab: string) => setParams({ tab }, { replace: true });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {p.title}
          </Typography.Title>
          <Tag color="purple">{el.kind(p.kind)}</Tag>
          <StatusTag status={p.status} of="post" />
        </Space>
        <Space wrap>
          {manages && p.status === 'draft' && (
            <Link to={`/envoy-posts/${p.id}/edit`}>
              <Button icon={<EditOutlined />}>{bi('编辑', 'Edit')}</Button>
            </Link>
          )}
          {steps.map((s) => (
            <Button
              key={s}
              type={s === 'closed' ? 'default' : 'primary'}
              danger={s === 'closed'}
              onClick={() => setTo(s)}
            >
              {stepName(s)}
            </Button>
          ))}
        </Space>
      </Space>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'e',
            label: bi('企业', 'Enterprise'),
            children: p.organization.name,
          },
          { key: 'f', label: bi('技术领域', 'Field'), children: p.fieldName ?? sector(p.field) },
          {
            key: 'd',
            label: bi('工作地点', 'Where'),
            children: `${l.district(p.district)}${p.address ? ` · ${p.address}` : ''}`,
          },
          {
            key: 't',
            label: bi('期限与人数', 'Term and positions'),
            children: bi(`${p.termMonths} 个月 · ${p.positions} 人`, `${p.termMonths} months · ${p.positions}`),
          },
          {
            key: 'k',
            label: bi('关键词', 'Keywords'),
            children: p.keywords.length ? p.keywords.map((k) => <Tag key={k}>{k}</Tag>) : '—',
          },
          { key: 's', label: bi('企业提供的支持', 'What it offers'), children: p.support || '—' },
          {
            key: 'tasks',
            label: bi('工作任务', 'Tasks'),
            span: 2,
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.tasks}</Typography.Paragraph>
            ),
          },
        ]}
      />
      <Tabs activeKey={active} onChange={open} items={tabs} destroyOnHidden />
      <Modal
        open={!!to}
        title={to ? stepName(to) : ''}
        okText={bi('确定', 'Confirm')}
        cancelText={bi('取消', 'Cancel')}
        confirmLoading={move.isPending}
        onCancel={() => setTo(null)}
        onOk={() =>
          to &&
          move.mutate(
            { to },
            {
              onSuccess: () => {
                void message.success(bi('已更新状态', 'Status changed'));
                setTo(null);
              },
              onError: (e) => {
                void message.error(errorText(e), 8);
                setTo(null);
              },
            },
          )
        }
      >
        {to === 'open'
          ? bi(
              '发布后高校、科研院所即可推荐人选，系统会为岗位推荐匹配的专家。',
              'Once published, universities and institutes may nominate, and the engine ranks experts for it.',
            )
          : bi('关闭后不再接受推荐。', 'Once closed no more nominations are taken.')}
      </Modal>
    </Space>
  );
}
