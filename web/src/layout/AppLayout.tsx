import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BulbOutlined,
  ClusterOutlined,
  DeploymentUnitOutlined,
  ExperimentOutlined,
  FlagOutlined,
  FileSearchOutlined,
  GlobalOutlined,
  HistoryOutlined,
  LogoutOutlined,
  OrderedListOutlined,
  PlusOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
  UploadOutlined,
  UserSwitchOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe, useSession } from '../auth/session';
import { setLang } from '../i18n';
import { canUse } from '../lib/roles';
import { instrumentMenuItems } from '../pages/instruments/nav';

const { Header, Sider, Content } = Layout;

// Its own chunk, like the pages: the sign-in page's first load does not carry the inbox.
const NotificationBell = lazy(() =>
  import('../components/NotificationBell').then((m) => ({ default: m.NotificationBell })),
);

export function AppLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [collapsed, setCollapsed] = useState(false);
  const narrow = !screens.lg;
  const zh = i18n.language !== 'en';

  const items: MenuProps['items'] = [
    ...(canUse(me, 'needs')
      ? [
          { key: '/needs', icon: <SolutionOutlined />, label: t('nav.myNeeds') },
          { key: '/needs/new', icon: <PlusOutlined />, label: t('nav.newNeed') },
        ]
      : []),
    ...(canUse(me, 'capabilities')
      ? [
          { key: '/capabilities', icon: <ExperimentOutlined />, label: t('nav.myCapabilities') },
          { key: '/capabilities/new', icon: <PlusOutlined />, label: t('nav.newCapability') },
        ]
      : []),
    ...(canUse(me, 'review') ? [{ key: '/review', icon: <AuditOutlined />, label: t('nav.review') }] : []),
    ...(canUse(me, 'review') ? [{ key: '/stats', icon: <BarChartOutlined />, label: t('nav.dashboard') }] : []),
    ...(canUse(me, 'needs') || canUse(me, 'capabilities') || canUse(me, 'review')
      ? [{ key: '/import', icon: <UploadOutlined />, label: t('nav.imports') }]
      : []),
    { key: '/hall/needs', icon: <GlobalOutlined />, label: t('hall.needs') },
    { key: '/hall/capabilities', icon: <BulbOutlined />, label: t('hall.capabilities') },
    { key: '/hall/challenges', icon: <FlagOutlined />, label: t('ch.hall') },
    { key: '/challenges', icon: <TrophyOutlined />, label: t('ch.nav') },
    { key: '/common-problems', icon: <ClusterOutlined />, label: t('cp.nav') },
    ...instrumentMenuItems(t),
    ...(canUse(me, 'review')
      ? [{ key: '/voucher-programmes', icon: <WalletOutlined />, label: zh ? '创新券计划' : 'Voucher programmes' }]
      : me.organization.kind === 'enterprise'
        ? [{ key: '/vouchers', icon: <WalletOutlined />, label: zh ? '创新券' : 'Innovation vouchers' }]
        : []),
    { key: '/envoy-posts', icon: <UserSwitchOutlined />, label: zh ? '科技特派员' : 'Science envoys' },
    ...(me.user.expert ? [{ key: '/my-reviews', icon: <OrderedListOutlined />, label: t('ch.myReviews') }] : []),
    { key: '/catalogue/needs', icon: <FileSearchOutlined />, label: t('nav.allNeeds') },
    { key: '/catalogue/capabilities', icon: <AppstoreOutlined />, label: t('nav.allCapabilities') },
    ...(canUse(me, 'manage')
      ? [
          { key: '/admin/organizations', icon: <BankOutlined />, label: t('nav.organizations') },
          { key: '/admin/users', icon: <TeamOutlined />, label: t('nav.users') },
        ]
      : []),
    ...(canUse(me, 'admin')
      ? [
          { key: '/admin/taxonomies', icon: <TagsOutlined />, label: t('nav.taxonomies') },
          { key: '/admin/jobs', icon: <HistoryOutlined />, label: t('nav.jobs') },
          { key: '/admin/ranker', icon: <DeploymentUnitOutlined />, label: t('nav.ranker') },
        ]
      : []),
  ];
  const selected = [...(items ?? [])]
    .map((i) => String(i?.key))
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        breakpoint="lg"
        collapsedWidth={narrow ? 0 : 64}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        zeroWidthTriggerStyle={{ top: 16 }}
        theme="dark"
        style={narrow ? { position: 'fixed', height: '100vh', zIndex: 20 } : undefined}
      >
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {collapsed ? '转化' : t('app.short')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => {
            void navigate(key);
            if (narrow) setCollapsed(true);
          }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            lineHeight: 'normal',
          }}
        >
          <Typography.Text strong ellipsis style={{ marginLeft: narrow ? 40 : 0, flex: '0 1 auto', minWidth: 0 }}>
            {t('app.name')}
          </Typography.Text>
          <div style={{ flex: 1 }} />
          {!narrow && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360, minWidth: 0 }}>
              {me.organization.name} · {me.user.name}（{t(`enums.role.${me.user.role}`)}）
            </Typography.Text>
          )}
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <Button size="small" onClick={() => setLang(i18n.language === 'en' ? 'zh' : 'en')}>
            {t('app.language')}
          </Button>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()} aria-label={t('app.signOut')}>
            {narrow ? null : t('app.signOut')}
          </Button>
        </Header>
        <Content style={{ margin: narrow ? 8 : 16 }}>
          <div style={{ background: '#fff', padding: narrow ? 12 : 24, minHeight: 360, borderRadius: 4 }}>
            {children}
          </div>
        </Content>
      </Layout>
    </Layout>
  );
}
