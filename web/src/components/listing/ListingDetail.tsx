import { App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  useDeleteListing,
  useListing,
  useSetListingStatus,
  type ListingKind,
  type ListingOf,
} from '../../api/listings';
import { useMe } from '../../auth/session';
import { useLabels } from '../../hooks/useLabels';
import { atLeast } from '../../lib/roles';
import { SectorTags } from '../sectors';
import { LoadError, Loading } from '../states';

/**
 * One need or capability (/<kind>/:id): its title and status, what it says, and for its owner's members and
 * coordinators the edit, status and delete actions. Each kind adds its status buttons, its own facts and what
 * follows (its matches).
 */
export function ListingDetail<K extends ListingKind>({
  kind,
  statusLabel,
  kindItem,
  statusActions,
  items,
  confirmDelete,
  after,
}: {
  kind: K;
  statusLabel: (listing: ListingOf[K]) => string;
  /** Its kind, as the second fact. */
  kindItem: (listing: ListingOf[K]) => { label: string; value: string };
  /** The buttons that change its status. */
  statusActions: (listing: ListingOf[K], set: (status: ListingOf[K]['status']) => void) => ReactNode;
  /** Its own facts: before the cooperation modes (`early`) and after them (`late`). */
  items: (listing: ListingOf[K]) => { early: ReactNode; late: ReactNode };
  confirmDelete: string;
  /** Below the listing, for those who may act on it (`mayAct`: its organisation's members and coordinators). */
  after: (listing: ListingOf[K], mayAct: boolean) => ReactNode;
}) {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const listing = useListing(kind, id);
  const setStatus = useSetListingStatus(kind, id);
  const remove = useDeleteListing(kind, id);
  const onError = (e: Error) => void message.error(e.message);
  const set = (status: ListingOf[K]['status']) =>
    setStatus.mutate(status, { onSuccess: () => void message.success(t('common.saved')), onError });
  const del = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        void message.success(t('common.deleted'));
        void navigate(`/${kind}`);
      },
      onError,
    });

  if (listing.isLoading) return <Loading />;
  if (listing.error || !listing.data) return <LoadError error={listing.error} />;
  const x = listing.data;
  const mayAct = x.organizationId === me.organization.id || atLeast(me.user.role, 'coordinator');
  const kindFact = kindItem(x);
  const own = items(x);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {x.title} <Tag>{statusLabel(x)}</Tag>
        </Typography.Title>
        {mayAct && (
          <Space wrap>
            <Link to={`/${kind}/${x.id}/edit`}>
              <Button>{t('common.edit')}</Button>
            </Link>
            {statusActions(x, set)}
            <Popconfirm title={confirmDelete} onConfirm={del}>
              <Button danger>{t('common.delete')}</Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('common.organization')}>{x.organizationName}</Descriptions.Item>
          <Descriptions.Item label={kindFact.label}>{kindFact.value}</Descriptions.Item>
          <Descriptions.Item label={t('listing.sectors')}>
            <SectorTags sectors={x.sectors} />
          </Descriptions.Item>
          <Descriptions.Item label={t('listing.keywords')}>{x.keywords.join('、') || '—'}</Descriptions.Item>
          {own.early}
          <Descriptions.Item label={t('listing.cooperationModes')}>
            {x.cooperationModes.map(l.cooperation).join('、') || '—'}
          </Descriptions.Item>
          {own.late}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{x.description}</Typography.Paragraph>
      </Card>
      {after(x, mayAct)}
    </Space>
  );
}
