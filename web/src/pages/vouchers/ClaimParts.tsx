import { Table, Typography } from 'antd';
import type { SplitLine, VoucherClaim } from '../../api/voucher-types';
import { StatusTag, useVLabels } from './shared';

/** A claim's split: each body's percent, why, and its whole yuan; the total under it. */
export function SplitTable({ split, amountYuan }: { split: SplitLine[]; amountYuan?: number }) {
  const l = useVLabels();
  const { bi } = l;
  const total = split.reduce((a, s) => a + s.amountYuan, 0);
  // The server's reasons are bilingual (基础 60% / base 60%；…): each part in the console's language.
  const reason = (r?: string) =>
    r
      ? r
          .split('；')
          .map((part) => part.split(' / ')[l.lang === 'en' ? 1 : 0] ?? part)
          .join(' + ')
      : '—';
  const nowrap = (x: string) => <span style={{ whiteSpace: 'nowrap' }}>{x}</span>;
  return (
    <Table<SplitLine>
      size="small"
      rowKey="body"
      pagination={false}
      dataSource={split}
      aria-label={bi('补助分担', 'Reimbursement split')}
      columns={[
        { title: bi('出资单位', 'Body'), dataIndex: 'body', render: nowrap },
        { title: bi('层级', 'Level'), dataIndex: 'level', render: (s: string) => nowrap(l.level(s)) },
        { title: bi('比例', 'Percent'), dataIndex: 'percent', render: (n: number) => `${n}%` },
        { title: bi('依据', 'Why'), dataIndex: 'reason', render: reason },
        { title: bi('补助金额', 'Amount'), dataIndex: 'amountYuan', render: (n: number) => nowrap(l.yuan(n)) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={4}>
            <Typography.Text strong>
              {bi('合计补助', 'Total reimbursed')}
              {amountYuan != null ? bi(`（服务金额 ${l.yuan(amountYuan)}）`, ` (service ${l.yuan(amountYuan)})`) : ''}
            </Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1}>
            <Typography.Text strong>{nowrap(l.yuan(total))}</Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** Claims with their split folded under each row; `enterprise`: show the enterprise's name (coordinators). */
export function ClaimsTable({
  claims,
  loading,
  enterprise = false,
}: {
  claims: VoucherClaim[];
  loading?: boolean;
  enterprise?: boolean;
}) {
  const l = useVLabels();
  const { bi } = l;
  return (
    <Table<VoucherClaim>
      size="small"
      rowKey="id"
      loading={loading}
      pagination={false}
      dataSource={claims}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: bi('还没有申领记录', 'No claims yet') }}
      expandable={{ expandedRowRender: (c) => <SplitTable split={c.split} amountYuan={c.serviceAmountYuan} /> }}
      columns={[
        { title: bi('服务日期', 'Served on'), dataIndex: 'servedOn', render: (d: string) => l.date(d) },
        { title: bi('计划', 'Programme'), render: (_, c) => c.programmeName },
        ...(enterprise
          ? [
              {
                title: bi('企业', 'Enterprise'),
                render: (_: unknown, c: VoucherClaim) => c.enterpriseName,
              },
            ]
          : []),
        { title: bi('服务机构', 'Provider'), render: (_, c) => c.providerName },
        { title: bi('服务金额', 'Service amount'), dataIndex: 'serviceAmountYuan', render: (n: number) => l.yuan(n) },
        { title: bi('补助金额', 'Reimbursed'), dataIndex: 'reimbursedYuan', render: (n: number) => l.yuan(n) },
        { title: bi('状态', 'Status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
        { title: bi('申领时间', 'Claimed at'), dataIndex: 'createdAt', render: (d: string) => l.time(d) },
      ]}
    />
  );
}
