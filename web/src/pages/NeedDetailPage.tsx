import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { del, get, patch } from '../api/client';
import type { Need, NeedMatches } from '../api/types';
import { useMe } from '../auth/session';
import { MatchCards } from '../components/MatchCards';
import { NoSuitableMatch } from '../components/NoSuitableMatch';
import { SectorTags } from '../components/sectors';
import { LoadError, Loading } from '../components/states';
import { useLabels } from '../hooks/useLabels';
import { atLeast } from '../lib/roles';

export default function NeedDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const need = useQuery({ queryKey: ['need', id], queryFn: () => get<Need>(`/needs/${id}`) });
  const mayWrite =
    !!need.data && (need.data.organizationId === me.organization.id || atLeast(me.user.role, 'coordinator'));
  const mayReview =
    !!need.data && (need.data.organizationId === me.organization.id || atLeast(me.user.role, 'coordinator'));
  const matches = useQuery({
    queryKey: ['need-matches', id],
    queryFn: () => get<NeedMatches>(`/needs/${id}/matches`, { limit: 100 }),
    enabled: mayReview,
  });
  const setStatus = useMutation({
    mutationFn: (status: Need['status']) => patch<Need>(`/needs/${id}`, { status }),
    onSuccess: (n) => {
      qc.setQueryData(['need', id], n);
      void qc.invalidateQueries({ queryKey: ['needs'] });
      void message.success(t('common.saved'));
    },
    onError: (e) => void message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: () => del(`/needs/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['needs'] });
      void message.success(t('common.deleted'));
      void navigate('/needs');
    },
    onError: (e) => void message.error(e.message),
  });

  if (need.isLoading) return <Loading />;
  if (need.error || !need.data) return <LoadError error={need.error} />;
  const n = need.data;
  const shown = (matches.data?.items ?? []).filter(
    (m) => atLeast(me.user.role, 'coordinator') || m.status !== 'suggested',
  );
  // Only an open need is matched: a paused or closed one has no ranking to speak of.
  const ranking = n.status === 'open' ? matches.data?.ranking : undefined;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {n.title} <Tag>{l.needStatus(n.status)}</Tag>
        </Typography.Title>
        {mayWrite && (
          <Space wrap>
            <Link to={`/needs/${n.id}/edit`}>
              <Button>{t('common.edit')}</Button>
            </Link>
            {n.status === 'open' && <Button onClick={() => setStatus.mutate('paused')}>{t('need.pause')}</Button>}
            {n.status !== 'open' && <Button onClick={() => setStatus.mutate('open')}>{t('need.reopen')}</Button>}
            {n.status !== 'closed' && <Button onClick={() => setStatus.mutate('closed')}>{t('need.close')}</Button>}
            <Popconfirm title={t('need.confirmDelete')} onConfirm={() => remove.mutate()}>
              <Button danger>{t('common.delete')}</Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('common.organization')}>{n.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('need.kind')}>{l.needKind(n.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('listing.sectors')}>
            <SectorTags sectors={n.sectors} />
          </Descriptions.Item>
          <Descriptions.Item label={t('listing.keywords')}>{n.keywords.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('listing.cooperationModes')}>
            {n.cooperationModes.map(l.cooperation).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('need.budget')}>
            {n.budget.min == null && n.budget.max == null
              ? '—'
              : `${n.budget.min?.toLocaleString() ?? '…'} – ${n.budget.max?.toLocaleString() ?? '…'}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('need.deadline')}>{n.deadline ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('common.district')}>{l.district(n.district)}</Descriptions.Item>
          <Descriptions.Item label={t('need.visibility')}>{l.visibility(n.visibility)}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{n.description}</Typography.Paragraph>
      </Card>
      {mayReview && ranking?.state === 'pending' && <Alert type="info" showIcon title={t('need.rankingPending')} />}
      {mayReview &&
        (ranking?.state === 'no_suitable_match' && shown.length === 0 ? (
          <NoSuitableMatch needId={n.id} ranking={ranking} />
        ) : (
          <MatchCards matches={shown} side="need" title={t('need.matchesTitle')} empty={t('need.matchesEmpty')} />
        ))}
    </Space>
  );
}
