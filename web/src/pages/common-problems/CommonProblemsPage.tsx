import { RadarChartOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../auth/session';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { useLabels } from '../../hooks/useLabels';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { atLeast } from '../../lib/roles';
import { CP_STATUSES, useCommonProblemActions, useCommonProblems, type CpStatus, type CpSummary } from './api';
import { ConfirmDialog, DismissDialog } from './dialogs';
import { CpStatusTag, useCpErrorText } from './shared';

/**
 * 共性技术难题 (/common-problems). Coordinators: the candidates the worker found (by default), confirmed and dismissed
 * ones, and a button to look for new ones now. Everyone else: the confirmed problems.
 */
export default function CommonProblemsPage() {
  const { t } = useTranslation();
  const l = useLabels();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useCpErrorText();
  const coordinator = atLeast(me.user.role, 'coordinator');
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{ status?: CpStatus }>({
    status: coordinator ? 'candidate' : undefined,
  });
  const list = useCommonProblems({ page, pageSize, ...(coordinator ? filters : { status: 'confirmed' }) });
  const { detect } = useCommonProblemActions();
  const [deciding, setDeciding] = useState<{ kind: 'confirm' | 'dismiss'; p: CpSummary } | null>(null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader
        title={t('cp.list')}
        action={
          coordinator && (
            <Button
              type="primary"
              icon={<RadarChartOutlined />}
              loading={detect.isPending}
              onClick={() =>
                detect.mutate(undefined, {
                  onSuccess: () => void message.success(t('cp.detectQueued'), 6),
                  onError: (e) => void message.error(errorText(e), 8),
                })
              }
            >
              {t('cp.detect')}
            </Button>
          )
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {coordinator ? t('cp.introCoordinator') : t('cp.introMember')}
      </Typography.Paragraph>
      {coordinator && (
        <Select
          allowClear
          placeholder={t('cp.allStatuses')}
          aria-label={t('cp.statusLabel')}
          style={{ width: 180 }}
          value={filters.status}
          onChange={(v?: CpStatus) => setFilter('status', v)}
          options={CP_STATUSES.map((s) => ({ value: s, label: t(`cp.status.${s}`) }))}
        />
      )}
      <PagedTable<CpSummary>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: coordinator ? t('cp.emptyCoordinator') : t('cp.empty') }}
        columns={[
          {
            title: t('cp.title'),
            dataIndex: 'title',
            render: (title: string, p) => <Link to={`/common-problems/${p.id}`}>{title}</Link>,
          },
          { title: t('cp.statusLabel'), dataIndex: 'status', render: (s: CpStatus) => <CpStatusTag status={s} /> },
          {
            title: t('cp.scale'),
            render: (_, p) => t('cp.scaleValue', { needs: p.needCount, orgs: p.organizationCount }),
          },
          {
            title: t('cp.districts'),
            dataIndex: 'districts',
            render: (ds: string[]) => ds.map((d) => l.district(d)).join('、'),
          },
          {
            title: t('cp.sharedTerms'),
            dataIndex: 'sharedTerms',
            render: (terms: string[]) => (
              <Space size={[0, 4]} wrap>
                {terms.slice(0, 5).map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('cp.cohesion'), dataIndex: 'cohesion', render: (n: number) => n.toFixed(2) },
          ...(coordinator
            ? [
                {
                  title: t('cp.actions'),
                  render: (_: unknown, p: CpSummary) => (
                    <Space size="small">
                      {p.status === 'candidate' && (
                        <Button size="small" type="primary" onClick={() => setDeciding({ kind: 'confirm', p })}>
                          {t('cp.confirm')}
                        </Button>
                      )}
                      {p.status !== 'dismissed' && (
                        <Link to={`/common-problems/${p.id}`}>
                          <Button size="small">{t('cp.edit')}</Button>
                        </Link>
                      )}
                      {p.status !== 'dismissed' && (
                        <Button size="small" danger onClick={() => setDeciding({ kind: 'dismiss', p })}>
                          {t('cp.dismiss')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {deciding?.kind === 'confirm' && <ConfirmDialog p={deciding.p} onClose={() => setDeciding(null)} />}
      {deciding?.kind === 'dismiss' && <DismissDialog p={deciding.p} onClose={() => setDeciding(null)} />}
    </Space>
  );
}
