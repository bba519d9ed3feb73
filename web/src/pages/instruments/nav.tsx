import { AccountBookOutlined, CalendarOutlined, ExperimentOutlined, FileProtectOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import i18n from '../../i18n';

// The menu's entries for 仪器共享与检验检测 (the layout loads these words with the menu; the pages bring their own).

i18n.addResourceBundle(
  'zh',
  'translation',
  { instNav: { instruments: '共享仪器', bookings: '仪器预约', orders: '委托检测', records: '服务记录' } },
  true,
  false,
);
i18n.addResourceBundle(
  'en',
  'translation',
  {
    instNav: { instruments: 'Instruments', bookings: 'Bookings', orders: 'Testing orders', records: 'Service records' },
  },
  true,
  false,
);

export function instrumentMenuItems(t: TFunction): NonNullable<MenuProps['items']> {
  return [
    { key: '/instruments', icon: <ExperimentOutlined />, label: t('instNav.instruments') },
    { key: '/bookings', icon: <CalendarOutlined />, label: t('instNav.bookings') },
    { key: '/testing-orders', icon: <FileProtectOutlined />, label: t('instNav.orders') },
    { key: '/service-records', icon: <AccountBookOutlined />, label: t('instNav.records') },
  ];
}
