import { Card, Empty, Input, Pagination, Radio, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useHallChallenges } from '../../api/challenges';
import { ApiError } from '../../api/client';
import { HallProblem } from '../../components/hall/HallProblem';
import { SectorTags } from '../../components/sectors';
import { Loading } from '../../components/states';
import { ChallengeStatusTag, useChLabels } from '../challenges/shared';

const STATUSES = ['published', 'reviewing', 'notice', 'awarded', 'completed'] as const;

/**
 * 揭榜大厅 (/hall/challenges): the public challenges, for anyone when the halls are public — what is asked, the
 * funding, who issues it and by when to apply. Words, status and page live in the address.
 */
export default function HallChallengesPage() {
  const { t } = useTranslation();
  const l = useChLabels();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() || undefined;
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? params.get('status')!
    : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useHallChallenges({ page, pageSize: 20, q, status });
  const change = (c: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(c)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in c)) next.delete('page');
    setParams(next);
  };

  const header = (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('ch.hall')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('ch.hallIntro')}</Typography.Text>
    </div>
  );
  if (list.error instanceof ApiError && list.error.status === 401) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {header}
        <HallProblem error={list.error} kind="needs" />
      </Space>
    );
  }
  const data = list.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <div role="search">
        <Input.Search
          key={q ?? ''}
          defaultValue={q ?? ''}
          aria-label={t('ch.search')}
          placeholder={t('ch.search')}
          enterButton={t('common.search')}
          allowClear
          size="large"
          maxLength={100}
          onSearch={(v) => change({ q: v.trim() || undefined })}
        />
      </div>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space size={8} aria-live="polite">
          <Typography.Text strong>{data ? t('hall.found', { count: data.total }) : ' '}</Typography.Text>
          {list.isFetching && <Spin size="small" />}
        </Space>
        <Radio.Group
          optionType="button"
          size="small"
          aria-label={t('ch.status')}
          value={status ?? ''}
          onChange={(e) => change({ status: (e.target.value as string) || undefined })}
          options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: l.status(s) }))]}
        />
      </Space>
      {list.error ? (
        <HallProblem error={list.error} kind="needs" retry={() => void list.refetch()} />
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <Empty style={{ padding: '32px 0' }} description={q || status ? t('hall.emptyHint') : t('ch.hallEmpty')} />
      ) : (
        <>
          <ol aria-label={t('ch.hall')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}>
            {data.items.map((c) => (
              <li key={c.id}>
                <Card size="small" styles={{ body: { padding: '12px 16px' } }}>
                  <article>
                    <Typography.Title level={2} style={{ fontSize: 16, margin: '0 0 4px', overflowWrap: 'anywhere' }}>
                      <Link
                        to={`/hall/challenges/${c.id}`}
                        state={{ from: params.toString() ? `?${params.toString()}` : '' }}
                      >
                        {c.title}
                      </Link>
                    </Typography.Title>
                    <Space size={[8, 4]} wrap style={{ marginBottom: 6 }}>
                      <ChallengeStatusTag status={c.status} />
                      <Typography.Text>{c.issuer?.name}</Typography.Text>
                      {c.multipleWinners && <Tag>{t('ch.multipleWinners')}</Tag>}
                    </Space>
                    {c.sectorKeys.length > 0 && (
                      <div style={{ marginBottom: 6 }}>
                        <SectorTags sectors={c.sectorKeys} visitor />
                      </div>
                    )}
                    <Space size={[16, 4]} wrap>
                      <Typography.Text>
                        {t('ch.funding')}：<Typography.Text strong>{l.yuan(c.fundingTotalYuan)}</Typography.Text>
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {t('ch.deadline')}：{l.time(c.applicationDeadline)}
                      </Typography.Text>
                    </Space>
                  </article>
                </Card>
              </li>
            ))}
          </ol>
          <nav aria-label={t('hall.pages')} style={{ display: 'flex', justifyContent: 'center' }}>
            <Pagination
              current={data.page}
              pageSize={data.pageSize}
              total={data.total}
              showSizeChanger={false}
              onChange={(p) => change({ page: p === 1 ? undefined : String(p) })}
            />
          </nav>
        </>
      )}
    </Space>
  );
}
