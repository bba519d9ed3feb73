import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { del, get, patch } from '../api/client';
import type { Capability, MatchView } from '../api/types';
import { useMe } from '../auth/session';
import { MatchCards } from '../components/MatchCards';
import { SectorTags } from '../components/sectors';
import { LoadError, Loading } from '../components/states';
import { useLabels } from '../hooks/useLabels';
import { atLeast } from '../lib/roles';

export default function CapabilityDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const cap = useQuery({ queryKey: ['capability', id], queryFn: () => get<Capability>(`/capabilities/${id}`) });
  const mine = !!cap.data && (cap.data.organizationId === me.organization.id || atLeast(me.user.role, 'coordinator'));
  const matches = useQuery({
    queryKey: ['capability-matches', id],
    queryFn: () => get<{ items: MatchView[] }>(`/capabilities/${id}/matches`, { limit: 100 }),
    enabled: mine,
  });
  const setStatus = useMutation({
    mutationFn: (status: Capability['status']) => patch<Capability>(`/capabilities/${id}`, { status }),
    onSuccess: (c) => {
      qc.setQueryData(['capability', id], c);
      void qc.invalidateQueries({ queryKey: ['capabilities'] });
      void message.success(t('common.saved'));
    },
    onError: (e) => void message.error(e.message),
  });
  const remove = useMutation({
    mutationFn: () => del(`/capabilities/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['capabilities'] });
      void message.success(t('common.deleted'));
      void navigate('/capabilities');
    },
    onError: (e) => void message.error(e.message),
  });

  if (cap.isLoading) return <Loading />;
  if (cap.error || !cap.data) return <LoadError error={cap.error} />;
  const c = cap.data;
  const shown = (matches.data?.items ?? []).filter(
    (m) => atLeast(me.user.role, 'coordinator') || m.status !== 'suggested',
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title} <Tag>{l.capabilityStatus(c.status)}</Tag>
        </Typography.Title>
        {mine && (
          <Space wrap>
            <Link to={`/capabilities/${c.id}/edit`}>
              <Button>{t('common.edit')}</Button>
            </Link>
            {c.status === 'active' ? (
              <Button onClick={() => setStatus.mutate('withdrawn')}>{t('capability.withdraw')}</Button>
            ) : (
              <Button onClick={() => setStatus.mutate('active')}>{t('capability.reactivate')}</Button>
            )}
            <Popconfirm title={t('capability.confirmDelete')} onConfirm={() => remove.mutate()}>
              <Button danger>{t('common.delete')}</Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('common.organization')}>{c.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('capability.kind')}>{l.capabilityKind(c.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('listing.sectors')}>
            <SectorTags sectors={c.sectors} />
          </Descriptions.Item>
          <Descriptions.Item label={t('listing.keywords')}>{c.keywords.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('capability.trl')}>{c.trl ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('capability.ipStatus')}>{l.ipStatus(c.ipStatus)}</Descriptions.Item>
          <Descriptions.Item label={t('listing.cooperationModes')}>
            {c.cooperationModes.map(l.cooperation).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.district')}>{l.district(c.district)}</Descriptions.Item>
          <Descriptions.Item label={t('capability.maxActiveIntroductions')}>
            {c.maxActiveIntroductions ?? '—'}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{c.description}</Typography.Paragraph>
      </Card>
      {mine && (
        <MatchCards
          matches={shown}
          side="capability"
          title={t('capability.matchesTitle')}
          empty={t('need.matchesEmpty')}
        />
      )}
    </Space>
  );
}
