import { Alert, Button, Card, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useImport, type CellError, type ImportResult } from '../api/imports';

/** Spreadsheet import: a dry run shows every bad row and column before anything is written. */
export default function ImportPage() {
  const { t } = useTranslation();
  const [what, setWhat] = useState<'needs' | 'capabilities'>('needs');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [errors, setErrors] = useState<CellError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const run = useImport({
    onMutate: () => {
      setErrors([]);
      setResult(null);
      setFailure(null);
    },
    onSuccess: (r) => setResult(r),
    onError: (e) => {
      const list = e instanceof ApiError ? (e.body as { errors?: CellError[] } | null)?.errors : undefined;
      if (list?.length) setErrors(list);
      else setFailure(e.message);
    },
  });
  const send = (dryRun: boolean) => file && run.mutate({ what, file, dryRun });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('imports.title')}
      </Typography.Title>
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group value={what} onChange={(e) => setWhat(e.target.value as 'needs' | 'capabilities')}>
            <Radio.Button value="needs">{t('imports.needs')}</Radio.Button>
            <Radio.Button value="capabilities">{t('imports.capabilities')}</Radio.Button>
          </Radio.Group>
          <label>
            {t('imports.file')}
            <br />
            <input
              type="file"
              accept=".csv,text/csv"
              aria-label={t('imports.file')}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setResult(null);
                setErrors([]);
              }}
            />
          </label>
          <Typography.Text type="secondary">{t('imports.template')}</Typography.Text>
          <Space>
            <Button disabled={!file} loading={run.isPending} onClick={() => send(true)}>
              {t('imports.check')}
            </Button>
            <Button
              type="primary"
              disabled={!file || !result?.dryRun}
              loading={run.isPending}
              onClick={() => send(false)}
            >
              {t('imports.run')}
            </Button>
          </Space>
        </Space>
      </Card>
      {result && (
        <Alert
          type="success"
          title={result.dryRun ? t('imports.ok', { rows: result.rows }) : t('imports.imported', { rows: result.rows })}
        />
      )}
      {failure && <Alert type="error" title={failure} />}
      {errors.length > 0 && (
        <Card size="small" title={t('imports.errors')}>
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
            pagination={false}
            dataSource={errors}
            columns={[
              { title: t('imports.row'), dataIndex: 'row', width: 80 },
              { title: t('imports.column'), dataIndex: 'column', width: 160 },
              { title: t('imports.message'), dataIndex: 'message' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
