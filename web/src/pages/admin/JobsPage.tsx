import { Alert, App, Button, Segmented, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJobs, useRetryJob } from '../../api/operations';
import type { BackgroundJob, JobState } from '../../api/types';
import { ListHeader, PagedTable } from '../../components/PagedTable';

const STATE_COLOR: Record<JobState, string> = { failed: 'red', retrying: 'orange', pending: 'default' };

/** Admins: background jobs that failed for good (retry once fixed) apart from those retried through an outage. */
export default function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<JobState>('failed');
  const [page, setPage] = useState(1);
  const jobs = useJobs(state, page);
  const retry = useRetryJob({
    onSuccess: () => void message.success(t('jobs.retried')),
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });

  const columns: ColumnsType<BackgroundJob> = [
    {
      title: t('jobs.jobId'),
      dataIndex: 'jobId',
      render: (v: string) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('jobs.queue'), dataIndex: 'queue' },
    { title: t('jobs.name'), dataIndex: 'name' },
    {
      title: t('common.status'),
      dataIndex: 'state',
      render: (s: JobState) => <Tag color={STATE_COLOR[s]}>{t(`jobs.${s}`)}</Tag>,
    },
    {
      title: t('jobs.error'),
      dataIndex: 'error',
      render: (v: string | null) => (
        <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 420 }} ellipsis={{ rows: 2, expandable: true }}>
          {v ?? '—'}
        </Typography.Paragraph>
      ),
    },
    { title: t('jobs.redrives'), dataIndex: 'redrives', width: 90 },
    {
      title: t('jobs.createdAt'),
      dataIndex: 'createdAt',
      render: (v: string) => new Date(v).toLocaleString(),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, j) =>
        j.state === 'failed' ? (
          <Button
            size="small"
            loading={retry.isPending && retry.variables === j.jobId}
            onClick={() => retry.mutate(j.jobId)}
          >
            {t('jobs.retry')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader
        level={3}
        title={t('jobs.title')}
        // A page of the API's own (every queue, every job), outside the console's router.
        action={<Button href="/admin/queues/">{t('jobs.board')}</Button>}
      />
      <Alert type="info" showIcon message={t('jobs.hint')} />
      <Segmented<JobState>
        value={state}
        onChange={(v) => {
          setState(v);
          setPage(1);
        }}
        options={(['failed', 'retrying', 'pending'] as const).map((s) => ({ value: s, label: t(`jobs.${s}`) }))}
      />
      <PagedTable<BackgroundJob>
        rowKey="jobId"
        size="large"
        scroll={{ x: true }}
        query={jobs}
        loading={jobs.isLoading}
        columns={columns}
        locale={{ emptyText: t('jobs.empty') }}
        page={page}
        pageSize={20}
        fixedSize
        onPage={setPage}
      />
    </Space>
  );
}
