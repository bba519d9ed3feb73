import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  useClaimableRecords,
  useClaims,
  useClaimPreview,
  useProgrammes,
  useQuotas,
  useVoucherWrite,
} from '../../api/vouchers';
import type { ClaimableRecord, VoucherClaim, VoucherProgramme, VoucherQuota } from '../../api/voucher-types';
import { useMe } from '../../auth/session';
import { ListHeader } from '../../components/PagedTable';
import { LoadError } from '../../components/states';
import { ClaimsTable, SplitTable } from './ClaimParts';
import { StatusTag, useErrorText, useVLabels } from './shared';

/**
 * 创新券 (/vouchers), the enterprise's side: the open programmes and a quota application for one, its quotas, the
 * paid service records it may claim on — the claim dialog shows the split per body before it is confirmed, and the
 * server's own split after — and its claims.
 */
export default function VouchersPage() {
  const l = useVLabels();
  const { bi } = l;
  const me = useMe();
  const enterprise = me.organization.kind === 'enterprise';
  const programmes = useProgrammes({ page: 1, pageSize: 100, status: 'open' });
  const quotas = useQuotas({ page: 1, pageSize: 100 });
  const claims = useClaims({ page: 1, pageSize: 100 });
  const records = useClaimableRecords(enterprise);
  const [applying, setApplying] = useState<VoucherProgramme | null>(null);
  const [claiming, setClaiming] = useState<ClaimableRecord | null>(null);
  const claimed = new Set((claims.data?.items ?? []).map((c) => c.serviceRecordId));
  const approved = (quotas.data?.items ?? []).filter((q) => q.status === 'approved');
  const held = new Set(
    (quotas.data?.items ?? [])
      .filter((q) => q.status === 'requested' || q.status === 'approved')
      .map((q) => q.programmeId),
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader title={bi('创新券', 'Innovation vouchers')} />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {bi(
          '企业使用高校、科研院所的仪器设备和检验检测服务并付款后，可凭服务记录申领创新券补助；补助按计划的分担比例由各级财政分别承担。',
          'After paying for instrument time or testing by a university or institute, an enterprise claims a voucher on the service record; each level of government pays its share.',
        )}
      </Typography.Paragraph>
      {!enterprise && (
        <Alert type="info" showIcon title={bi('创新券由企业申领。', 'Vouchers are claimed by enterprises.')} />
      )}
      <Card size="small" title={bi('开放申报的计划', 'Open programmes')}>
        {programmes.error ? (
          <LoadError error={programmes.error} />
        ) : (
          <Table<VoucherProgramme>
            size="small"
            rowKey="id"
            pagination={false}
            loading={programmes.isFetching}
            dataSource={programmes.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: bi('暂无开放申报的计划', 'No open programmes') }}
            columns={[
              { title: bi('计划名称', 'Programme'), dataIndex: 'name' },
              { title: bi('发放单位', 'Issuer'), dataIndex: 'issuerName' },
              {
                title: bi('服务期间', 'Period'),
                render: (_, p) => `${l.date(p.periodStart)} ~ ${l.date(p.periodEnd)}`,
              },
              {
                title: bi('每家企业年度上限', 'Cap per year'),
                dataIndex: 'capPerEnterpriseYuan',
                render: (n: number) => l.yuan(n),
              },
              {
                title: bi('可申请的企业类别', 'Eligible enterprises'),
                render: (_, p) => p.eligibleEnterpriseCategories.map(l.category).join('、'),
              },
              {
                title: bi('操作', 'Actions'),
                render: (_, p) =>
                  enterprise &&
                  (held.has(p.id) ? (
                    <Typography.Text type="secondary">{bi('已申请', 'Applied')}</Typography.Text>
                  ) : (
                    <Button size="small" type="primary" onClick={() => setApplying(p)}>
                      {bi('申请额度', 'Apply for a quota')}
                    </Button>
                  )),
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={bi('我的额度', 'My quotas')}>
        <QuotaTable quotas={quotas.data?.items ?? []} loading={quotas.isFetching} error={quotas.error} />
      </Card>
      {enterprise && (
        <Card size="small" title={bi('可申领的服务记录（已付款）', 'Paid service records to claim on')}>
          {records.error ? (
            <LoadError error={records.error} />
          ) : (
            <Table<ClaimableRecord>
              size="small"
              rowKey="id"
              pagination={false}
              loading={records.isFetching}
              dataSource={(records.data?.items ?? []).filter((r) => r.paidAt)}
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: bi('暂无可申领的服务记录（已付款且未申领）', 'No paid, unclaimed service records'),
              }}
              columns={[
                { title: bi('服务日期', 'Served on'), dataIndex: 'servedOn', render: (d: string) => l.date(d) },
                { title: bi('服务机构', 'Provider'), dataIndex: 'providerName' },
                { title: bi('服务内容', 'Service'), render: (_, r) => r.description || r.capabilityTitle },
                { title: bi('类型', 'Kind'), dataIndex: 'capabilityKind', render: (k: string) => l.serviceKind(k) },
                { title: bi('服务金额', 'Amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
                { title: bi('发票号', 'Invoice'), dataIndex: 'paymentRef', render: (x: string | null) => x ?? '—' },
                {
                  title: bi('操作', 'Actions'),
                  render: (_, r) =>
                    claimed.has(r.id) ? (
                      <Typography.Text type="secondary">{bi('已申领', 'Claimed')}</Typography.Text>
                    ) : (
                      <Button size="small" type="primary" disabled={!approved.length} onClick={() => setClaiming(r)}>
                        {bi('申领创新券', 'Claim a voucher')}
                      </Button>
                    ),
                },
              ]}
            />
          )}
        </Card>
      )}
      <Card size="small" title={bi('我的申领', 'My claims')}>
        {claims.error ? (
          <LoadError error={claims.error} />
        ) : (
          <ClaimsTable claims={claims.data?.items ?? []} loading={claims.isFetching} />
        )}
      </Card>
      {applying && <ApplyDialog programme={applying} onClose={() => setApplying(null)} />}
      {claiming && <ClaimDialog record={claiming} quotas={approved} onClose={() => setClaiming(null)} />}
    </Space>
  );
}

function QuotaTable({ quotas, loading, error }: { quotas: VoucherQuota[]; loading: boolean; error: unknown }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const withdraw = useVoucherWrite<{ id: string; body: Record<string, unknown> }>(
    (b) => `/voucher-quotas/${b.id}/transitions`,
  );
  if (error) return <LoadError error={error} />;
  return (
    <Table<VoucherQuota>
      size="small"
      rowKey="id"
      pagination={false}
      loading={loading}
      dataSource={quotas}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: bi('还没有申请额度', 'No quotas yet') }}
      columns={[
        { title: bi('计划', 'Programme'), render: (_, q) => q.programmeName },
        { title: bi('企业类别', 'Category'), dataIndex: 'category', render: (c: string) => l.category(c) },
        { title: bi('申请额度', 'Requested'), dataIndex: 'requestedYuan', render: (n: number) => l.yuan(n) },
        { title: bi('核定额度', 'Approved'), dataIndex: 'approvedYuan', render: (n: number | null) => l.yuan(n) },
        { title: bi('已用', 'Used'), dataIndex: 'usedYuan', render: (n: number) => l.yuan(n) },
        { title: bi('剩余额度', 'Remaining'), dataIndex: 'remainingYuan', render: (n: number) => l.yuan(n) },
        { title: bi('状态', 'Status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
        { title: bi('说明', 'Reason'), dataIndex: 'reason', render: (r?: string | null) => r ?? '—' },
        {
          title: bi('操作', 'Actions'),
          // A requested quota may be withdrawn; an approved one only while no claim is booked against it.
          render: (_, q) =>
            q.allowedTransitions.includes('withdrawn') && (
              <Button
                size="small"
                onClick={() =>
                  withdraw.mutate(
                    { id: q.id, body: { to: 'withdrawn' } },
                    {
                      onSuccess: () => void message.success(bi('已撤回', 'Withdrawn')),
                      onError: (e) => void message.error(errorText(e), 8),
                    },
                  )
                }
              >
                {bi('撤回', 'Withdraw')}
              </Button>
            ),
        },
      ]}
    />
  );
}

/** Applies for a quota under a programme: the enterprise's declared category with its evidence, and the amount. */
function ApplyDialog({ programme: p, onClose }: { programme: VoucherProgramme; onClose: () => void }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ category: string; categoryEvidence?: string; requestedYuan: number }>();
  const apply = useVoucherWrite<Record<string, unknown>>(() => `/voucher-programmes/${p.id}/quotas`);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={`${bi('申请额度', 'Apply for a quota')} · ${p.name}`}
      okText={bi('提交申请', 'Apply')}
      cancelText={bi('取消', 'Cancel')}
      confirmLoading={apply.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ requestedYuan: p.capPerEnterpriseYuan }}
        onFinish={(v) =>
          apply.mutate(
            {
              category: v.category,
              categoryEvidence: v.categoryEvidence?.trim() || undefined,
              requestedYuan: v.requestedYuan,
            },
            {
              onSuccess: () => {
                void message.success(bi('已提交申请，等待科技局核定', 'Applied; the bureau will decide'));
                onClose();
              },
              onError: (e) => setError(errorText(e)),
            },
          )
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="category" label={bi('企业类别', 'Enterprise category')} rules={[{ required: true }]}>
          <Select options={p.eligibleEnterpriseCategories.map((c) => ({ value: c, label: l.category(c) }))} />
        </Form.Item>
        <Form.Item
          name="categoryEvidence"
          label={bi('证明材料（如科技型中小企业入库登记编号）', 'Evidence (e.g. the registration number)')}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="requestedYuan"
          label={bi('申请额度（元）', 'Amount (CNY)')}
          extra={bi(
            `每家企业年度上限 ${l.yuan(p.capPerEnterpriseYuan)}`,
            `Cap per year ${l.yuan(p.capPerEnterpriseYuan)}`,
          )}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={p.capPerEnterpriseYuan} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Claims a voucher on a paid service record: pick the quota, read the split per body and the limits left (the
 * server's own preview: nothing is written) and confirm; a refusal names the limit and what is left of it.
 */
function ClaimDialog({
  record: r,
  quotas,
  onClose,
}: {
  record: ClaimableRecord;
  quotas: VoucherQuota[];
  onClose: () => void;
}) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [quotaId, setQuotaId] = useState<string | undefined>(quotas.length === 1 ? quotas[0].id : undefined);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<VoucherClaim | null>(null);
  const preview = useClaimPreview({ serviceRecordId: r.id, quotaId });
  const claim = useVoucherWrite<{ serviceRecordId: string; quotaId: string }, VoucherClaim>(() => '/voucher-claims');
  const p = preview.data;

  const confirm = () => {
    if (!quotaId) return;
    setError(null);
    claim.mutate(
      { serviceRecordId: r.id, quotaId },
      {
        onSuccess: (c) => {
          void message.success(bi('申领成功，补助已入账', 'Claimed; the reimbursement is booked'));
          setDone(c);
        },
        onError: (e) => setError(errorText(e)),
      },
    );
  };

  return (
    <Modal
      open
      width={880}
      title={bi('申领创新券', 'Claim a voucher')}
      okText={done ? bi('完成', 'Done') : bi('确认申领', 'Confirm the claim')}
      cancelText={bi('取消', 'Cancel')}
      okButtonProps={{ disabled: !done && (!quotaId || !p) }}
      confirmLoading={claim.isPending}
      onOk={done ? onClose : confirm}
      onCancel={onClose}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'p', label: bi('服务机构', 'Provider'), children: r.providerName },
            { key: 's', label: bi('服务内容', 'Service'), children: r.description || r.capabilityTitle },
            { key: 'd', label: bi('服务日期', 'Served on'), children: l.date(r.servedOn) },
            { key: 'a', label: bi('服务金额', 'Amount'), children: l.yuan(r.amountYuan) },
          ]}
        />
        {!done && (
          <Select
            aria-label={bi('使用额度', 'Quota')}
            placeholder={bi('选择使用的额度', 'Pick the quota')}
            style={{ width: '100%' }}
            value={quotaId}
            onChange={setQuotaId}
            options={quotas.map((q) => ({
              value: q.id,
              label: `${q.programmeName} · ${bi('剩余', 'left')} ${l.yuan(q.remainingYuan)}`,
            }))}
          />
        )}
        {error && <Alert type="error" showIcon title={error} />}
        {!done && preview.error && <Alert type="warning" showIcon title={errorText(preview.error)} />}
        {done ? (
          <>
            <Alert
              type="success"
              showIcon
              title={bi(`补助合计 ${l.yuan(done.reimbursedYuan)}`, `Reimbursed ${l.yuan(done.reimbursedYuan)}`)}
            />
            <SplitTable split={done.split} amountYuan={done.serviceAmountYuan} />
          </>
        ) : (
          p && (
            <>
              <Typography.Text strong>
                {bi('补助分担（确认前试算）', 'Split (preview before confirming)')}
              </Typography.Text>
              <SplitTable split={p.split} amountYuan={p.serviceAmountYuan} />
              <Typography.Text type="secondary">
                {bi(
                  `申领前剩余：额度 ${l.yuan(p.limits.quotaRemainingYuan)}，本年度上限 ${l.yuan(p.limits.capRemainingYuan)}，计划预算 ${l.yuan(p.limits.budgetRemainingYuan)}。各单位金额向下取整到元。`,
                  `Left before this claim: quota ${l.yuan(p.limits.quotaRemainingYuan)}, this year's cap ${l.yuan(p.limits.capRemainingYuan)}, budget ${l.yuan(p.limits.budgetRemainingYuan)}. Each amount is rounded down to the yuan.`,
                )}
              </Typography.Text>
            </>
          )
        )}
      </Space>
    </Modal>
  );
}
