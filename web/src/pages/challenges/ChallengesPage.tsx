import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useChallengePage } from '../../api/challenges';
import { CHALLENGE_STATUS_LIST, type ChallengeSummary } from '../../api/challenge-types';
import { useMe } from '../../auth/session';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { atLeast } from '../../lib/roles';
import { ChallengeStatusTag, useChLabels } from './shared';

/**
 * 揭榜挂帅 (/challenges): every challenge the caller may see (coordinators: all; others: the published ones and their
 * own organisation's drafts), filtered by status and words; coordinators and enterprises post new ones.
 */
export default function ChallengesPage() {
  const { t } = useTranslation();
  const l = useChLabels();
  const me = useMe();
  const navigate = useNavigate();
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<{ status?: string; q?: string }>({});
  const list = useChallengePage({ page, pageSize, ...filters });
  const mayPost = atLeast(me.user.role, 'coordinator') || me.organization.kind === 'enterprise';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader
        title={t('ch.list')}
        action={
          mayPost && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/challenges/new')}>
              {t('ch.new')}
            </Button>
          )
        }
      />
      <Space wrap>
        <Select
          allowClear
          placeholder={t('ch.status')}
          aria-label={t('ch.status')}
          style={{ width: 180 }}
          value={filters.status}
          onChange={(v?: string) => setFilter('status', v)}
          options={CHALLENGE_STATUS_LIST.map((s) => ({ value: s, label: l.status(s) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('ch.search')}
          aria-label={t('ch.search')}
          style={{ width: 260 }}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
        />
      </Space>
      <PagedTable<ChallengeSummary>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: t('ch.empty') }}
        columns={[
          {
            title: t('ch.title'),
            dataIndex: 'title',
            render: (title: string, c) => <Link to={`/challenges/${c.id}`}>{title}</Link>,
          },
          { title: t('ch.issuer'), render: (_, c) => c.issuer?.name ?? '—' },
          { title: t('ch.status'), dataIndex: 'status', render: (s: string) => <ChallengeStatusTag status={s} /> },
          { title: t('ch.funding'), dataIndex: 'fundingTotalYuan', render: (n: number) => l.yuan(n) },
          { title: t('ch.deadline'), dataIndex: 'applicationDeadline', render: (d: string) => l.time(d) },
        ]}
      />
    </Space>
  );
}
