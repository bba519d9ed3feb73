import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ListingTable } from '../components/ListingTable';

/** Every capability, read-only. */
export default function CatalogueCapabilitiesPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.allCapabilities')}
      </Typography.Title>
      <ListingTable kind="capabilities" mine={false} empty={t('capability.empty')} />
    </Space>
  );
}
