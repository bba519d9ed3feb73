import { Card, Col, DatePicker, Row, Space, Statistic, Typography } from 'antd';
import { BarChart, FunnelChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  statsCsvUrl,
  useChallengeDistricts,
  useChallengeStats,
  useDistrictStats,
  useFlows,
  useFunnel,
  useRejectionStats,
  useSectorStats,
  useTimeToApproval,
  type RejectionRow,
  type StageCounts,
} from '../api/stats';
import { VoucherEnvoyStats } from '../components/VoucherEnvoyStats';
import { useLabels } from '../hooks/useLabels';

echarts.use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

function Chart({ option, height = 300, label }: { option: echarts.EChartsCoreOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

/** Coordinators' dashboard: the funnel, sectors, districts, and which district's research goes where. */
export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const l = useLabels();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const q = { from: range.from, to: range.to };
  const funnel = useFunnel(q);
  const sectors = useSectorStats(q);
  const districts = useDistrictStats(q);
  const flows = useFlows(q);
  const rejections = useRejectionStats(q);
  const time = useTimeToApproval(q);
  const challenges = useChallengeStats(q);
  const challengeDistricts = useChallengeDistricts(q);
  const csv = (what: string) => statsCsvUrl(what, q);
  const stageName: Record<string, string> = {
    suggested: t('stats.suggested'),
    approved: t('stats.approved'),
    introduced: t('stats.introduced'),
    contracted: t('stats.contractedStage'),
  };
  const f = funnel.data;
  const sectorRows = (sectors.data?.items ?? []).slice(0, 12);
  const districtRows = districts.data?.items ?? [];
  const flowRows = flows.data?.items ?? [];
  const places = [...new Set(flowRows.flatMap((r) => [r.from, r.to]))];
  const rejectionRows = rejections.data?.items ?? [];
  const ch = challenges.data;
  const chDistricts = challengeDistricts.data?.items ?? [];
  const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);
  const reasonName = (r: RejectionRow) => (i18n.language === 'en' ? r.labelEn : r.labelZh);
  const counts = (rows: StageCounts[], key: keyof StageCounts) => rows.map((r) => r[key]);
  const bars = (rows: StageCounts[]) =>
    (['suggested', 'approved', 'introduced', 'contracted'] as const).map((k) => ({
      name: stageName[k],
      type: 'bar' as const,
      data: counts(rows, k),
    }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('stats.title')}
        </Typography.Title>
        <Space>
          <span>{t('stats.range')}</span>
          <DatePicker.RangePicker
            onChange={(v) =>
              setRange(v?.[0] && v[1] ? { from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') } : {})
            }
          />
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('stats.contracts')} value={f?.contracts.count ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('stats.amount')} value={f?.contracts.amountCny ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('stats.local')}
            value={f?.localConversion.rate === null || !f ? '—' : `${Math.round(f.localConversion.rate * 100)}%`}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('stats.median')}
            value={time.data?.medianHours ?? '—'}
            suffix={time.data?.medianHours !== null && time.data ? t('stats.hours') : undefined}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('stats.funnel')} extra={<a href={csv('funnel')}>{t('stats.csv')}</a>}>
            {f && (
              <Chart
                label={t('stats.funnel')}
                option={{
                  tooltip: { trigger: 'item' },
                  series: [
                    {
                      type: 'funnel',
                      sort: 'none',
                      label: { formatter: '{b}: {c}' },
                      data: f.stages.map((s) => ({ name: stageName[s.stage] ?? s.stage, value: s.count })),
                    },
                  ],
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('stats.sectors')} extra={<a href={csv('sectors')}>{t('stats.csv')}</a>}>
            <Chart
              label={t('stats.sectors')}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
                xAxis: {
                  type: 'category',
                  data: sectorRows.map((r) => r.nameZh ?? r.sector),
                  axisLabel: { rotate: 30 },
                },
                yAxis: { type: 'value' },
                series: bars(sectorRows),
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('stats.districts')} extra={<a href={csv('districts')}>{t('stats.csv')}</a>}>
            <Chart
              label={t('stats.districts')}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: districtRows.map((r) => l.district(r.district)) },
                yAxis: { type: 'value' },
                series: bars(districtRows),
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('stats.flows')} extra={<a href={csv('flows')}>{t('stats.csv')}</a>}>
            <Chart
              label={t('stats.flows')}
              option={{
                tooltip: {},
                grid: { left: 8, right: 8, bottom: 40, containLabel: true },
                xAxis: { type: 'category', data: places.map((p) => l.district(p)), name: '→' },
                yAxis: { type: 'category', data: places.map((p) => l.district(p)) },
                visualMap: {
                  min: 0,
                  max: Math.max(1, ...flowRows.map((r) => r.introduced)),
                  orient: 'horizontal',
                  left: 'center',
                  bottom: 0,
                  calculable: true,
                },
                series: [
                  {
                    type: 'heatmap',
                    label: { show: true },
                    data: flowRows.map((r) => [places.indexOf(r.to), places.indexOf(r.from), r.introduced]),
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('stats.rejections')} extra={<a href={csv('rejections')}>{t('stats.csv')}</a>}>
            <Chart
              label={t('stats.rejections')}
              height={240}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', inverse: true, data: rejectionRows.map(reasonName) },
                series: [
                  { type: 'bar', label: { show: true, position: 'right' }, data: rejectionRows.map((r) => r.count) },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('stats.challenges')}
        extra={
          <Space>
            <a href={csv('challenges')}>{t('stats.csv')}</a>
            <a href={csv('challenges/districts')}>{t('stats.challengeDistricts')} CSV</a>
            <a href={csv('challenges/sectors')}>{t('stats.sectors')} CSV</a>
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.challengeCount')} value={ch?.challenges ?? 0} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.challengeFunding')} value={ch?.funding.totalYuan ?? 0} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.committed')} value={ch?.funding.committedYuan ?? 0} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.released')} value={ch?.funding.releasedYuan ?? 0} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.perChallenge')} value={ch?.applications.perChallenge ?? '—'} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('stats.localWinners')} value={percent(ch?.localWinners.rate)} />
          </Col>
          <Col xs={24} lg={12}>
            <Chart
              label={t('stats.challengeStatus')}
              height={240}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: {
                  type: 'category',
                  inverse: true,
                  data: (ch?.byStatus ?? []).map((s) => s.label.split(' / ')[i18n.language === 'en' ? 1 : 0]),
                },
                series: [
                  {
                    type: 'bar',
                    label: { show: true, position: 'right' },
                    data: (ch?.byStatus ?? []).map((s) => s.count),
                  },
                ],
              }}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Chart
              label={t('stats.challengeDistricts')}
              height={240}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: chDistricts.map((r) => l.district(r.district)) },
                yAxis: { type: 'value' },
                series: [
                  { name: t('stats.challengeFunding'), type: 'bar', data: chDistricts.map((r) => r.fundingYuan) },
                  { name: t('stats.committed'), type: 'bar', data: chDistricts.map((r) => r.committedYuan) },
                  { name: t('stats.released'), type: 'bar', data: chDistricts.map((r) => r.releasedYuan) },
                ],
              }}
            />
          </Col>
        </Row>
        <Typography.Text type="secondary">
          {t('stats.daysToAward')}：{ch?.timeToAward.medianDays ?? '—'}
        </Typography.Text>
      </Card>
      <VoucherEnvoyStats from={range.from} to={range.to} />
    </Space>
  );
}
