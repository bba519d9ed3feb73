import { EditOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Modal, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useProgramme, useVoucherWrite } from '../../api/vouchers';
import { type ProgrammeStatus, type ShareBody } from '../../api/voucher-types';
import { LoadError, Loading } from '../../components/states';
import { ProgrammeClaimsTab, LedgerTab, ProvidersTab, QuotasTab, SettlementsTab } from './ProgrammeTabs';
import { ProgrammeForm } from './ProgrammeForm';
import { StatusTag, useErrorText, useVLabels } from './shared';

/**
 * One programme (/voucher-programmes/:id, coordinators): its facts and share table, its budget used and left, its
 * next step (open, close), and a tab for each part of the work — quotas to approve, claims, the ledger, the monthly
 * settlement with its CSV for the finance office, and the providers for 后补助. The open tab is in the address.
 */
export default function ProgrammePage() {
  const { id } = useParams();
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [to, setTo] = useState<ProgrammeStatus | null>(null);
  const programme = useProgramme(id);
  const move = useVoucherWrite<{ to: ProgrammeStatus }>(() => `/voucher-programmes/${id}/transitions`);
  if (programme.isLoading) return <Loading />;
  if (programme.error || !programme.data) return <LoadError error={programme.error} />;
  const p = programme.data;
  const steps = p.allowedTransitions;
  const stepName = (s: string) =>
    s === 'open' ? bi('开放申报', 'Open the programme') : s === 'closed' ? bi('关闭计划', 'Close') : s;
  const used = p.budgetUsedYuan ?? (p.budgetRemainingYuan != null ? p.budgetYuan - p.budgetRemainingYuan : null);

  const tabs = [
    {
      key: 'overview',
      label: bi('概况', 'Overview'),
      children: (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'issuer',
                label: bi('发放单位', 'Issuer'),
                children: `${p.issuerName}（${l.level(p.issuerLevel)}${p.issuerDistrict ? ` · ${l.district(p.issuerDistrict)}` : ''}）`,
              },
              {
                key: 'period',
                label: bi('服务期间', 'Service period'),
                children: `${l.date(p.periodStart)} ~ ${l.date(p.periodEnd)}`,
              },
              {
                key: 'cap',
                label: bi('每家企业年度上限', 'Cap per enterprise and year'),
                children: l.yuan(p.capPerEnterpriseYuan),
              },
              {
                key: 'providers',
                label: bi('可服务的机构类型', 'Eligible providers'),
                children: p.eligibleProviderKinds.map(l.orgKind).join('、') || '—',
              },
              {
                key: 'services',
                label: bi('可补贴的服务类型', 'Eligible services'),
                children: p.eligibleServiceKinds.map(l.serviceKind).join('、') || '—',
              },
              {
                key: 'categories',
                label: bi('可申请的企业类别', 'Eligible enterprises'),
                children: p.eligibleEnterpriseCategories.map(l.category).join('、') || '—',
              },
            ]}
          />
          <ShareTable shares={p.shares} />
        </Space>
      ),
    },
    { key: 'quotas', label: bi('额度审核', 'Quotas'), children: <QuotasTab programme={p} /> },
    { key: 'claims', label: bi('申领记录', 'Claims'), children: <ProgrammeClaimsTab programme={p} /> },
    { key: 'ledger', label: bi('台账', 'Ledger'), children: <LedgerTab programme={p} /> },
    { key: 'settlements', label: bi('月度结算', 'Monthly settlement'), children: <SettlementsTab programme={p} /> },
    {
      key: 'providers',
      label: bi('服务机构（后补助）', 'Providers (后补助)'),
      children: <ProvidersTab programme={p} />,
    },
  ];
  const asked = params.get('tab');
  const active = tabs.some((x) => x.key === asked) ? asked! : 'overview';
  const open = (tab: string) => setParams(tab === 'overview' ? {} : { tab }, { replace: true });

  const confirmStep = () => {
    if (!to) return;
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
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {p.name}
          </Typography.Title>
          <StatusTag status={p.status} />
          {p.example && <Tag>{bi('示例', 'Example')}</Tag>}
        </Space>
        <Space wrap>
          {p.status !== 'closed' && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {bi('编辑', 'Edit')}
            </Button>
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
      <Space size="large" wrap>
        <Statistic title={bi('总预算', 'Budget')} value={l.yuan(p.budgetYuan)} />
        <Statistic title={bi('已使用', 'Used')} value={l.yuan(used)} />
        <Statistic title={bi('剩余预算', 'Remaining')} value={l.yuan(p.budgetRemainingYuan)} />
      </Space>
      <Tabs activeKey={active} onChange={open} items={tabs} destroyOnHidden />
      <Modal
        open={!!to}
        title={to ? stepName(to) : ''}
        okText={bi('确定', 'Confirm')}
        cancelText={bi('取消', 'Cancel')}
        confirmLoading={move.isPending}
        onOk={confirmStep}
        onCancel={() => setTo(null)}
      >
        {to === 'open'
          ? bi(
              '开放后企业即可申请额度并申领创新券；分担比例和资格条件不能再修改。',
              'Once open, enterprises may apply and claim; the share table and eligibility can no longer change.',
            )
          : bi(
              '关闭后不再受理新的申领；已入账的申领仍可结算。',
              'Once closed no new claims are taken; booked claims may still be settled.',
            )}
      </Modal>
      <Drawer
        open={editing}
        size={960}
        title={bi('编辑创新券计划', 'Edit the programme')}
        onClose={() => setEditing(false)}
        destroyOnHidden
      >
        <ProgrammeForm programme={p} onSaved={() => setEditing(false)} />
      </Drawer>
    </Space>
  );
}

/**
 * The share table as a table: level, a district body's district (it pays only for enterprises there), base percent
 * and bonuses.
 */
export function ShareTable({ shares }: { shares: ShareBody[] }) {
  const l = useVLabels();
  const { bi } = l;
  return (
    <Table<ShareBody>
      size="small"
      rowKey="body"
      pagination={false}
      dataSource={shares}
      title={() => bi('分担比例', 'Share table')}
      columns={[
        { title: bi('出资单位', 'Body'), dataIndex: 'body' },
        { title: bi('层级', 'Level'), dataIndex: 'level', render: (s: string) => l.level(s) },
        {
          title: bi('区县', 'District'),
          dataIndex: 'district',
          render: (d?: string | null) => (d ? l.district(d) : '—'),
        },
        { title: bi('基础比例', 'Base'), dataIndex: 'basePercent', render: (n: number) => `${n}%` },
        { title: bi('哈尔滨加成', 'Harbin bonus'), dataIndex: 'harbinBonusPercent', render: (n: number) => `${n}%` },
        {
          title: bi('同区加成', 'Same-district bonus'),
          dataIndex: 'sameDistrictBonusPercent',
          render: (n: number) => `${n}%`,
        },
      ]}
    />
  );
}
