import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useEnvoyStats } from '../api/envoys';
import type { EnvoyStatsGroup } from '../api/envoy-types';
import { useVoucherStats } from '../api/vouchers';
import { useVLabels } from '../pages/vouchers/shared';
import { LoadError } from './states';

/**
 * The dashboard's 创新券 and 科技特派员 sections: vouchers in the range (quotas approved, claims and reimbursements,
 * per body, booked vs settled, and where the enterprises and their providers are — 一区研发、全市孵化), and the
 * envoys (posts, nominations, agreements, ratings, per field and district).
 */
export function VoucherEnvoyStats({ from, to }: { from?: string; to?: string }) {
  const l = useVLabels();
  const { bi } = l;
  const vouchers = useVoucherStats({ from, to });
  const envoys = useEnvoyStats({ from, to });
  const v = vouchers.data;
  const e = envoys.data;
  const groupColumns = (key: string) => [
    { title: key, render: (_: unknown, g: EnvoyStatsGroup) => g.name ?? l.district(g.key) },
    { title: bi('岗位', 'Posts'), dataIndex: 'posts' },
    { title: bi('推荐', 'Nominations'), dataIndex: 'nominations' },
    { title: bi('双向选择成功', 'Matched'), dataIndex: 'matched' },
    { title: bi('履行中', 'Active'), dataIndex: 'activeAgreements' },
    { title: bi('已完成', 'Completed'), dataIndex: 'completedAgreements' },
    {
      title: bi('平均评分', 'Rating'),
      dataIndex: 'averageRating',
      render: (n: number | null) => (n == null ? '—' : n.toFixed(1)),
    },
  ];
  return (
    <>
      <Card size="small" title={bi('创新券', 'Innovation vouchers')}>
        {vouchers.error ? (
          <LoadError error={vouchers.error} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={bi('核定额度', 'Quotas approved')} value={l.yuan(v?.quotas.yuan)} />
              <Typography.Text type="secondary">
                {bi(`${v?.quotas.count ?? 0} 家`, `${v?.quotas.count ?? 0}`)}
              </Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={bi('服务金额', 'Services claimed on')} value={l.yuan(v?.claims.serviceYuan)} />
              <Typography.Text type="secondary">
                {bi(`${v?.claims.count ?? 0} 笔申领`, `${v?.claims.count ?? 0} claims`)}
              </Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={bi('补助金额', 'Reimbursed')} value={l.yuan(v?.claims.reimbursedYuan)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={bi('已结算 / 待结算', 'Settled / booked')}
                value={`${l.yuan(v?.settled.yuan)} / ${l.yuan(v?.booked.yuan)}`}
              />
            </Col>
            <Col xs={24} lg={8}>
              <Table
                size="small"
                rowKey="body"
                pagination={false}
                title={() => bi('按出资单位', 'By body')}
                dataSource={v?.byBody ?? []}
                columns={[
                  { title: bi('出资单位', 'Body'), dataIndex: 'body' },
                  { title: bi('层级', 'Level'), dataIndex: 'level', render: (s: string) => l.level(s) },
                  { title: bi('金额', 'Amount'), dataIndex: 'amountYuan', render: (n: number) => l.yuan(n) },
                ]}
              />
            </Col>
            <Col xs={24} lg={16}>
              <Table
                size="small"
                rowKey={(r) => `${r.enterpriseDistrict}|${r.providerDistrict}`}
                pagination={false}
                title={() =>
                  bi('企业所在区县 × 服务机构所在区县（一区研发、全市孵化）', 'Enterprise district × provider district')
                }
                dataSource={v?.matrix ?? []}
                columns={[
                  {
                    title: bi('企业所在', 'Enterprise in'),
                    dataIndex: 'enterpriseDistrict',
                    render: (d: string) => l.district(d),
                  },
                  {
                    title: bi('服务机构所在', 'Provider in'),
                    dataIndex: 'providerDistrict',
                    render: (d: string) => l.district(d),
                  },
                  { title: bi('申领笔数', 'Claims'), dataIndex: 'claims' },
                  {
                    title: bi('补助金额', 'Reimbursed'),
                    dataIndex: 'reimbursedYuan',
                    render: (n: number) => l.yuan(n),
                  },
                ]}
              />
            </Col>
          </Row>
        )}
      </Card>
      <Card size="small" title={bi('科技特派员 / 科技副总', 'Science envoys / vice-presidents')}>
        {envoys.error ? (
          <LoadError error={envoys.error} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={bi('岗位', 'Posts')} value={e?.posts.total ?? 0} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={bi('推荐人选', 'Nominations')} value={e?.nominations.total ?? 0} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={bi('协议 履行中 / 已完成', 'Agreements active / completed')}
                value={`${e?.agreements.active ?? 0} / ${e?.agreements.completed ?? 0}`}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={bi('企业平均评分', 'Average rating')}
                value={e?.evaluations.averageRating == null ? '—' : e.evaluations.averageRating.toFixed(1)}
              />
            </Col>
            <Col xs={24} lg={12}>
              <Table<EnvoyStatsGroup>
                size="small"
                rowKey="key"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={e?.byField ?? []}
                columns={groupColumns(bi('领域', 'Field'))}
              />
            </Col>
            <Col xs={24} lg={12}>
              <Table<EnvoyStatsGroup>
                size="small"
                rowKey="key"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={e?.byDistrict ?? []}
                columns={groupColumns(bi('区县', 'District'))}
              />
            </Col>
          </Row>
        )}
      </Card>
    </>
  );
}
