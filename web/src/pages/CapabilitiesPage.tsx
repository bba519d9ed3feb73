import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListingTable } from '../components/ListingTable';

export default function CapabilitiesPage() {
  const { t } = useTranslation();
  const action = (
    <Link to="/capabilities/new">
      <Button type="primary" icon={<PlusOutlined />}>
        {t('nav.newCapability')}
      </Button>
    </Link>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.myCapabilities')}
        </Typography.Title>
        {action}
      </Space>
      <ListingTable
        kind="capabilities"
        mine
        empty={
          <>
            <Typography.Paragraph type="secondary">{t('capability.empty')}</Typography.Paragraph>
            {action}
          </>
        }
      />
    </Space>
  );
}
