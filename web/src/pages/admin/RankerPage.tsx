import { Alert, App, Button, Descriptions, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivateModel, useRankerDecisions, useRankerModels, useTrainModel } from '../../api/operations';
import type { HeldOutFigures, RankerModelStatus, RankerModelVersion } from '../../api/types';
import { PagedTable } from '../../components/PagedTable';

const STATUS_COLOR: Record<RankerModelStatus, string> = {
  active: 'green',
  retired: 'default',
  rejected: 'orange',
  candidate: 'blue',
};

const fixed = (x: number | null | undefined, digits = 3) => (typeof x === 'number' ? x.toFixed(digits) : '—');
const percent = (x: number | null | undefined) => (typeof x === 'number' ? `${Math.round(x * 100)}%` : '—');
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** A learned model's figure beside the one of the model in use when it was judged. */
function Versus({ mine, then, better }: { mine: string; then: string; better: boolean | null }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text strong type={better === null ? undefined : better ? 'success' : 'danger'}>
        {mine}
      </Typography.Text>
      <Typography.Text type="secondary"> / {then}</Typography.Text>
    </span>
  );
}

/** Admins: the ranker's versions with their held-out figures; go back to one, or train now. */
export default function RankerPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const models = useRankerModels(page);
  const counts = useRankerDecisions();
  const onError = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));
  const activate = useActivateModel({
    onSuccess: (_, version) => void message.success(t('ranker.activated', { version })),
    onError,
  });
  const train = useTrainModel({
    onSuccess: (r) => void message.success(t('ranker.trained', { jobId: r.jobId })),
    onError,
  });

  const figure = (
    m: RankerModelVersion,
    pick: (x: HeldOutFigures) => number | null,
    show: (x: number | null) => string,
    lowerIsBetter: boolean,
  ) => {
    const { candidate, current } = m.metrics;
    if (!candidate || !current) return '—';
    const a = pick(candidate);
    const b = pick(current);
    const better = a === null || b === null ? null : lowerIsBetter ? a < b : a > b;
    return <Versus mine={show(a)} then={show(b)} better={better} />;
  };

  const help = (title: string, tip: string) => (
    <Tooltip title={tip}>
      <span style={{ whiteSpace: 'nowrap', borderBottom: '1px dotted' }}>{title}</span>
    </Tooltip>
  );
  const columns: ColumnsType<RankerModelVersion> = [
    {
      title: t('ranker.version'),
      dataIndex: 'version',
      render: (v: string, m) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {v}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {m.metrics.shipped ? t('ranker.shipped') : when(m.createdAt)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('ranker.status'),
      dataIndex: 'status',
      render: (s: RankerModelStatus, m) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS_COLOR[s]}>{t(`ranker.${s}`)}</Tag>
          {m.activatedAt && (
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
              {t('ranker.activatedWhen', { when: when(m.activatedAt), by: m.activatedBy?.name ?? t('ranker.system') })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: help(t('ranker.heldOut'), t('ranker.heldOutHelp')),
      key: 'heldOut',
      render: (_: unknown, m) => {
        const h = m.metrics.heldOut;
        return h ? (
          <span style={{ whiteSpace: 'nowrap' }}>{`${h.needs} / ${h.approvals} / ${h.rejections}`}</span>
        ) : (
          '—'
        );
      },
    },
    {
      title: help(t('ranker.logLoss'), t('ranker.figureHelp')),
      key: 'logLoss',
      render: (_: unknown, m) =>
        figure(
          m,
          (x) => x.logLoss,
          (x) => fixed(x),
          true,
        ),
    },
    {
      title: help(t('ranker.auc'), t('ranker.figureHelp')),
      key: 'auc',
      render: (_: unknown, m) =>
        figure(
          m,
          (x) => x.auc,
          (x) => fixed(x),
          false,
        ),
    },
    {
      title: help(t('ranker.precision'), t('ranker.figureHelp')),
      key: 'precision',
      render: (_: unknown, m) => figure(m, (x) => x.precisionAboveFloor, percent, false),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, m) => {
        if (m.status === 'active') return null;
        if (!m.activatable) {
          return (
            <Tooltip title={t('ranker.notActivatable')}>
              <Button size="small" disabled>
                {t('ranker.activate')}
              </Button>
            </Tooltip>
          );
        }
        return (
          <Popconfirm
            title={t('ranker.activateConfirm', { version: m.version })}
            onConfirm={() => activate.mutate(m.version)}
          >
            <Button size="small" loading={activate.isPending && activate.variables === m.version}>
              {t('ranker.activate')}
            </Button>
          </Popconfirm>
        );
      },
    },
  ];

  const c = counts.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('ranker.title')}
        </Typography.Title>
        <Popconfirm title={t('ranker.trainConfirm')} onConfirm={() => train.mutate()}>
          <Button type="primary" loading={train.isPending}>
            {t('ranker.train')}
          </Button>
        </Popconfirm>
      </Space>
      <Alert type="info" showIcon message={t('ranker.hint')} />
      {c && (
        <Typography.Text type="secondary">
          {t('ranker.data', {
            approvals: c.approvals,
            rejections: c.rejections,
            cooperating: c.alreadyCooperating,
            min: c.minDecisions,
            perClass: c.minPerClass,
          })}
        </Typography.Text>
      )}
      <PagedTable<RankerModelVersion>
        rowKey="version"
        scroll={{ x: true }}
        query={models}
        loading={models.isLoading}
        columns={columns}
        locale={{ emptyText: t('ranker.empty') }}
        expandable={{
          rowExpandable: (m) => !!m.metrics.verdict,
          expandedRowRender: (m) => (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('ranker.verdict')}>{m.metrics.verdict}</Descriptions.Item>
              <Descriptions.Item label={t('ranker.decisions')}>{m.decisions}</Descriptions.Item>
              {m.metrics.training && (
                <Descriptions.Item label={t('ranker.training')}>
                  {`${m.metrics.training.needs} / ${m.metrics.training.approvals} / ${m.metrics.training.rejections}`}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('ranker.confidence')}>
                {percent(m.metrics.aucGainConfidence)}
              </Descriptions.Item>
              <Descriptions.Item label={t('ranker.versus')}>{m.metrics.current?.version ?? '—'}</Descriptions.Item>
              {m.note && <Descriptions.Item label={t('ranker.note')}>{m.note}</Descriptions.Item>}
            </Descriptions>
          ),
        }}
        page={page}
        pageSize={20}
        fixedSize
        onPage={setPage}
      />
    </Space>
  );
}
