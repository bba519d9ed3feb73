import { SyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Progress, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchKeys, startRematch, useRematchJob } from '../api/matches';

/** Starts a full rematch and shows its progress until it finishes (the API reports it chunk by chunk). */
export function RematchButton({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useRematchJob(jobId);
  const state = job.data?.state;
  useEffect(() => {
    if (state === 'completed') {
      void message.success(t('review.rematchDone', { count: job.data?.counts.suggestions ?? 0 }));
      void qc.invalidateQueries({ queryKey: matchKeys.queues });
      onDone?.();
      setJobId(null);
    } else if (state === 'failed') {
      void message.error(job.data?.error ?? t('common.error'));
      setJobId(null);
    }
  }, [state, job.data, message, qc, t, onDone]);

  return (
    <Space>
      {jobId && <Progress percent={job.data?.progress ?? 0} size="small" style={{ width: 160 }} status="active" />}
      <Popconfirm
        title={t('review.rematchConfirm')}
        onConfirm={() => {
          startRematch().then(
            (r) => setJobId(r.jobId),
            (e: Error) => void message.error(e.message),
          );
        }}
      >
        <Button icon={<SyncOutlined spin={!!jobId} />} disabled={!!jobId}>
          {t('review.rematch')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
