import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  settlementCsvUrl,
  useClaims,
  useProgrammeLedger,
  useProgrammeProviders,
  useQuotas,
  useSettlements,
  useVoucherWrite,
} from '../../api/vouchers';
import type {
  VoucherLedgerRow,
  VoucherProgramme,
  VoucherProviderRow,
  VoucherQuota,
  VoucherSettlement,
} from '../../api/voucher-types';
import { LoadError } from '../../components/states';
import { ClaimsTable } from './ClaimParts';
import { StatusTag, useErrorText, useVLabels } from './shared';

/** Quotas applied for under the programme: approve with an amount (at most the cap) or reject with a reason. */
export function QuotasTab({ programme: p }: { programme: VoucherProgramme }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const quotas = useQuotas({ page: 1, pageSize: 100, programmeId: p.id });
  const [acting, setActing] = useState<{ q: VoucherQuota; to: 'approved' | 'rejected' } | null>(null);
  const [form] = Form.useForm<{ approvedYuan?: number; reason?: string }>();
  const write = useVoucherWrite<{ id: string; body: Record<string, unknown> }>(
    (b) => `/voucher-quotas/${b.id}/transitions`,
  );
  const submit = (v: { approvedYuan?: number; reason?: string }) => {
    if (!acting) return;
    write.mutate(
      {
        id: acting.q.id,
        body: {
          to: acting.to,
          approvedYuan: acting.to === 'approved' ? v.approvedYuan : undefined,
          reason: v.reason?.trim() || undefined,
        },
      },
      {
        onSuccess: () => {
          void message.success(
            acting.to === 'approved' ? bi('额度已核定', 'Quota approved') : bi('已驳回', 'Rejected'),
          );
          setActing(null);
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );
  };
  if (quotas.error) return <LoadError error={quotas.error} />;
  return (
    <>
      <Table<VoucherQuota>
        size="small"
        rowKey="id"
        loading={quotas.isFetching}
        pagination={false}
        dataSource={quotas.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: bi('还没有企业申请额度', 'No quota applications yet') }}
        columns={[
          { title: bi('企业', 'Enterprise'), render: (_, q) => q.enterpriseName },
          { title: bi('企业类别', 'Category'), dataIndex: 'category', render: (c: string) => l.category(c) },
          { title: bi('证明材料', 'Evidence'), dataIndex: 'categoryEvidence', render: (x: string | null) => x ?? '—' },
          { title: bi('申请额度', 'Requested'), dataIndex: 'requestedYuan', render: (n: number) => l.yuan(n) },
          { title: bi('核定额度', 'Approved'), dataIndex: 'approvedYuan', render: (n: number | null) => l.yuan(n) },
          { title: bi('已用', 'Used'), dataIndex: 'usedYuan', render: (n: number) => l.yuan(n) },
          { title: bi('剩余额度', 'Remaining'), dataIndex: 'remainingYuan', render: (n: number) => l.yuan(n) },
          { title: bi('申领笔数', 'Claims'), dataIndex: 'claimsCount' },
          {
            title: bi('年度上限余量', 'Cap left'),
            dataIndex: 'capRemainingYuan',
            render: (n: number) => l.yuan(n),
          },
          { title: bi('状态', 'Status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: bi('操作', 'Actions'),
            render: (_, q) =>
              q.status === 'requested' && (
                <Space size={4}>
                  {q.allowedTransitions.includes('approved') && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => {
                        form.setFieldsValue({
                          approvedYuan: Math.max(0, Math.min(q.requestedYuan, q.capRemainingYuan)),
                        });
                        setActing({ q, to: 'approved' });
                      }}
                    >
                      {bi('核定', 'Approve')}
                    </Button>
                  )}
                  {q.allowedTransitions.includes('rejected') && (
                    <Button size="small" danger onClick={() => setActing({ q, to: 'rejected' })}>
                      {bi('驳回', 'Reject')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={!!acting}
        title={
          acting
            ? `${acting.to === 'approved' ? bi('核定额度', 'Approve the quota') : bi('驳回申请', 'Reject')} · ${acting.q.enterpriseName}`
            : ''
        }
        okText={bi('确定', 'Confirm')}
        cancelText={bi('取消', 'Cancel')}
        confirmLoading={write.isPending}
        onOk={() => form.submit()}
        onCancel={() => setActing(null)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          {acting?.to === 'approved' && (
            <Form.Item
              name="approvedYuan"
              label={bi('核定额度（元）', 'Approved amount (CNY)')}
              extra={bi(
                `核定额度加上该企业在本计划已获补助不超过每家企业上限 ${l.yuan(p.capPerEnterpriseYuan)}：最多 ${l.yuan(acting.q.capRemainingYuan)}`,
                `Approved plus what the enterprise has already been reimbursed in the programme stays within the cap of ${l.yuan(p.capPerEnterpriseYuan)}: at most ${l.yuan(acting.q.capRemainingYuan)}`,
              )}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={Math.max(1, acting.q.capRemainingYuan)} style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={acting?.to === 'rejected' ? bi('驳回理由', 'Reason') : bi('备注', 'Note')}
            rules={acting?.to === 'rejected' ? [{ required: true, whitespace: true }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function ProgrammeClaimsTab({ programme: p }: { programme: VoucherProgramme }) {
  const claims = useClaims({ page: 1, pageSize: 100, programmeId: p.id });
  if (claims.error) return <LoadError error={claims.error} />;
  return <ClaimsTable claims={claims.data?.items ?? []} loading={claims.isFetching} enterprise />;
}

const ACCOUNTS: Record<string, [string, string]> = {
  programme_budget: ['计划预算', 'Programme budget'],
  enterprise_quota: ['企业额度', 'Enterprise quota'],
  provider_payable: ['应付服务机构', 'Payable to provider'],
  paid: ['已支付', 'Paid'],
};

/** The append-only ledger: each entry's legs, debit and credit, with the running balance of its account. */
export function LedgerTab({ programme: p }: { programme: VoucherProgramme }) {
  const l = useVLabels();
  const { bi } = l;
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const ledger = useProgrammeLedger(p.id, paging);
  if (ledger.error) return <LoadError error={ledger.error} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space size="large" wrap>
        {(ledger.data?.totals ?? []).map((x) => (
          <Statistic
            key={x.account}
            title={ACCOUNTS[x.account] ? bi(...ACCOUNTS[x.account]) : x.account}
            value={l.yuan(x.balanceYuan)}
          />
        ))}
      </Space>
      <Table<VoucherLedgerRow>
        size="small"
        rowKey="id"
        loading={ledger.isFetching}
        dataSource={ledger.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: bi('台账为空', 'The ledger is empty') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: ledger.data?.total ?? 0,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        columns={[
          { title: bi('时间', 'At'), dataIndex: 'createdAt', render: (d: string) => l.time(d) },
          { title: bi('分录', 'Entry'), dataIndex: 'entryId', render: (x: string) => x.slice(0, 8) },
          {
            title: bi('科目', 'Account'),
            dataIndex: 'account',
            render: (a: string) => <Tag>{ACCOUNTS[a] ? bi(...ACCOUNTS[a]) : a}</Tag>,
          },
          { title: bi('出资单位', 'Body'), dataIndex: 'body' },
          { title: bi('借方', 'Debit'), dataIndex: 'debitYuan', render: (n: number) => (n ? l.yuan(n) : '') },
          { title: bi('贷方', 'Credit'), dataIndex: 'creditYuan', render: (n: number) => (n ? l.yuan(n) : '') },
          { title: bi('余额', 'Balance'), dataIndex: 'balanceYuan', render: (n?: number) => l.yuan(n) },
        ]}
      />
    </Space>
  );
}

/**
 * Settles a Harbin month's booked claims in one batch; each batch's CSV for the finance office: GBK by default
 * (what GBK lacks becomes a placeholder), UTF-8 with a BOM on request.
 */
export function SettlementsTab({ programme: p }: { programme: VoucherProgramme }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const settlements = useSettlements({ page: 1, pageSize: 100, programmeId: p.id });
  const settle = useVoucherWrite<{ programmeId: string; month: string }, VoucherSettlement>(
    () => '/voucher-settlements',
  );
  const run = () => {
    if (!month) return;
    settle.mutate(
      { programmeId: p.id, month: month.format('YYYY-MM') },
      {
        onSuccess: () => void message.success(bi('结算完成', 'Settled')),
        onError: (e) => void message.error(errorText(e), 8),
      },
    );
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={bi('按月结算', 'Settle a month')}>
        <Space wrap>
          <DatePicker
            id="settle-month"
            picker="month"
            value={month}
            onChange={setMonth}
            placeholder={bi('选择月份', 'Month')}
            aria-label={bi('结算月份', 'Month to settle')}
          />
          <Button type="primary" disabled={!month} loading={settle.isPending} onClick={run}>
            {bi('结算该月', 'Settle the month')}
          </Button>
          <Typography.Text type="secondary">
            {bi(
              '该月（哈尔滨时间）入账的全部申领一次结算为已支付；同一月份只能结算一次。',
              'Every claim booked in that month (Harbin time) is settled in one batch; a month is settled once.',
            )}
          </Typography.Text>
        </Space>
      </Card>
      {settlements.error ? (
        <LoadError error={settlements.error} />
      ) : (
        <Table<VoucherSettlement>
          size="small"
          rowKey="id"
          pagination={false}
          loading={settlements.isFetching}
          dataSource={settlements.data?.items ?? []}
          locale={{ emptyText: bi('还没有结算批次', 'No settlements yet') }}
          columns={[
            { title: bi('结算月份', 'Month'), dataIndex: 'month' },
            { title: bi('申领笔数', 'Claims'), dataIndex: 'claimsCount' },
            {
              title: bi('服务金额', 'Service amount'),
              dataIndex: 'serviceAmountYuan',
              render: (n: number) => l.yuan(n),
            },
            { title: bi('补助合计', 'Reimbursed'), dataIndex: 'reimbursedYuan', render: (n: number) => l.yuan(n) },
            {
              title: bi('按出资单位', 'By body'),
              render: (_, s) => s.byBody.map((b) => `${b.body} ${l.yuan(b.amountYuan)}`).join('；'),
            },
            { title: bi('结算时间', 'Settled at'), dataIndex: 'createdAt', render: (d: string) => l.time(d) },
            {
              title: bi('导出', 'Export'),
              render: (_, s) => (
                <Space size={4}>
                  <Button size="small" icon={<DownloadOutlined />} href={settlementCsvUrl(s.id)} download>
                    {bi('下载 CSV（GBK）', 'CSV (GBK)')}
                  </Button>
                  <Button size="small" href={settlementCsvUrl(s.id, 'utf-8')} download>
                    UTF-8
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}

/** Providers under the programme for 后补助: records, amounts, ratings, the suggestion, and the coordinator's flag. */
export function ProvidersTab({ programme: p }: { programme: VoucherProgramme }) {
  const l = useVLabels();
  const { bi } = l;
  const { message } = App.useApp();
  const errorText = useErrorText();
  const providers = useProgrammeProviders(p.id);
  const [acting, setActing] = useState<VoucherProviderRow | null>(null);
  const [form] = Form.useForm<{ flagged: boolean; note?: string }>();
  const write = useVoucherWrite<{ orgId: string; body: Record<string, unknown> }>(
    (b) => `/voucher-programmes/${p.id}/providers/${b.orgId}/flag`,
    'PUT',
  );
  const submit = (v: { flagged: boolean; note?: string }) => {
    if (!acting) return;
    write.mutate(
      { orgId: acting.organizationId, body: { flagged: v.flagged, note: v.note?.trim() ?? '' } },
      {
        onSuccess: () => {
          void message.success(bi('已保存', 'Saved'));
          setActing(null);
        },
        onError: (e) => void message.error(errorText(e), 8),
      },
    );
  };
  if (providers.error) return <LoadError error={providers.error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        {bi(
          '建议后补助：至少 5 笔已支付的服务且平均评分不低于 4.5。',
          'Suggested: at least 5 paid services and an average rating of 4.5 or more.',
        )}
      </Typography.Paragraph>
      <Table<VoucherProviderRow>
        size="small"
        rowKey="organizationId"
        loading={providers.isFetching}
        pagination={false}
        dataSource={providers.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: bi('还没有服务机构', 'No providers yet') }}
        columns={[
          { title: bi('服务机构', 'Provider'), dataIndex: 'name' },
          { title: bi('类型', 'Kind'), dataIndex: 'kind', render: (k: string) => l.orgKind(k) },
          { title: bi('所在区县', 'District'), dataIndex: 'district', render: (d?: string) => l.district(d) },
          { title: bi('服务记录', 'Records'), dataIndex: 'serviceRecords' },
          { title: bi('已付款', 'Paid'), dataIndex: 'paidRecords' },
          { title: bi('服务金额', 'Amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
          { title: bi('申领笔数', 'Claims'), dataIndex: 'claims' },
          { title: bi('已补助', 'Reimbursed'), dataIndex: 'reimbursedYuan', render: (n: number) => l.yuan(n) },
          {
            title: bi('平均评分', 'Rating'),
            render: (_, r) => (r.averageRating == null ? '—' : `${r.averageRating.toFixed(2)}（${r.ratingsCount}）`),
          },
          {
            title: bi('后补助', '后补助'),
            render: (_, r) => (
              <Space size={4}>
                {r.suggested && <Tag color="gold">{bi('建议', 'Suggested')}</Tag>}
                {r.flagged && <Tag color="green">{bi('已标记', 'Flagged')}</Tag>}
              </Space>
            ),
          },
          {
            title: bi('操作', 'Actions'),
            // Only providers of a kind the programme serves may be flagged.
            render: (_, r) => (
              <Button
                size="small"
                disabled={!(p.eligibleProviderKinds as string[]).includes(r.kind)}
                title={
                  (p.eligibleProviderKinds as string[]).includes(r.kind)
                    ? undefined
                    : bi('该类机构不在本计划支持范围', 'Providers of this kind are not eligible')
                }
                onClick={() => {
                  form.setFieldsValue({ flagged: !r.flagged, note: r.flagNote ?? '' });
                  setActing(r);
                }}
              >
                {r.flagged ? bi('取消标记', 'Unflag') : bi('标记后补助', 'Flag')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!acting}
        title={acting ? `${bi('后补助标记', '后补助 flag')} · ${acting.name}` : ''}
        okText={bi('确定', 'Confirm')}
        cancelText={bi('取消', 'Cancel')}
        confirmLoading={write.isPending}
        onOk={() => form.submit()}
        onCancel={() => setActing(null)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="flagged" label={bi('列入后补助', 'Flag for 后补助')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="note" label={bi('备注', 'Note')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
