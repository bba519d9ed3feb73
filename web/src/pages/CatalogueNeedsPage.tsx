import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ListingTable } from '../components/ListingTable';

/** Every need the caller may see (restricted ones only for coordinators and their owners), read-only. */
export default function CatalogueNeedsPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.allNeeds')}
      </Typography.Title>
      <ListingTable kind="needs" mine={false} empty={t('need.empty')} />
    </Space>
  );
}
