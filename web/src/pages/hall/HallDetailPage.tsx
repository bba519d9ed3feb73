import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useHallListing, type HallKind } from '../../api/hall';
import { useSession } from '../../auth/session';
import { useHallFacts } from '../../components/hall/HallFacts';
import { HallProblem } from '../../components/hall/HallProblem';
import { SectorTags } from '../../components/sectors';
import { Loading } from '../../components/states';
import { useLabels } from '../../hooks/useLabels';
import { SignInLink } from '../../layout/HallLayout';

/**
 * One public listing (/hall/needs/:id, /hall/capabilities/:id): all it says, who posted it, never how to reach them
 * (the API sends no contacts). Signed-in users may open the listing's own page in the console, which every signed-in
 * user may read for a public listing.
 */
export default function HallDetailPage({ kind }: { kind: HallKind }) {
  const { id } = useParams();
  const { t } = useTranslation();
  const l = useLabels();
  const facts = useHallFacts();
  const { me } = useSession();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '';
  const listing = useHallListing(kind, id);
  const hall = t(`hall.${kind}`);
  const back = (
    <Link to={`/hall/${kind}${from}`}>
      <ArrowLeftOutlined /> {t('hall.back', { hall })}
    </Link>
  );

  if (listing.isLoading) return <Loading />;
  if (listing.error || !listing.data) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {back}
        <HallProblem error={listing.error} kind={kind} retry={() => void listing.refetch()} />
      </Space>
    );
  }
  const x = listing.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {back}
      <div>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '0 0 8px', overflowWrap: 'anywhere' }}>
          {x.title.text}
        </Typography.Title>
        <Space size={[8, 4]} wrap>
          <Tag color="geekblue">{facts.kindLabel(kind, x.kind)}</Tag>
          <Typography.Text type="secondary">{hall}</Typography.Text>
          {me && (
            <Link to={`/${kind}/${x.id}`}>
              <Button size="small">{t('hall.openFull')}</Button>
            </Link>
          )}
        </Space>
      </div>
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('hall.organization')}>
            {x.organization.name} · {l.orgKind(x.organization.kind)}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.district')}>{l.district(x.district)}</Descriptions.Item>
          <Descriptions.Item label={t('listing.sectors')}>
            <SectorTags sectors={x.sectors} visitor />
          </Descriptions.Item>
          <Descriptions.Item label={t('listing.keywords')}>{x.keywords.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('listing.cooperationModes')}>
            {x.cooperationModes.map(l.cooperation).join('、') || '—'}
          </Descriptions.Item>
          {facts.own(kind, x).map((f) => (
            <Descriptions.Item key={f.label} label={f.label}>
              {f.value}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('common.createdAt')}>{facts.date(x.createdAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={2} style={{ fontSize: 15, margin: '16px 0 8px' }}>
          {t('listing.description')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }}>
          {x.description}
        </Typography.Paragraph>
      </Card>
      {!me && (
        <Alert
          type="info"
          showIcon
          title={t('hall.howToConnect')}
          action={<SignInLink>{t('hall.signIn')}</SignInLink>}
        />
      )}
    </Space>
  );
}
