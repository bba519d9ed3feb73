import { Alert, Checkbox, Input, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useInstrumentPage } from '../../api/instruments';
import { INSTRUMENT_MODES, INSTRUMENT_UNITS, type Instrument } from '../../api/instrument-types';
import { DISTRICTS } from '../../api/vocabulary.gen';
import { useMe } from '../../auth/session';
import { ListHeader, PagedTable } from '../../components/PagedTable';
import { usePagedFilters } from '../../hooks/usePagedFilters';
import { CAPABILITY_OWNERS } from '../../lib/roles';
import { openingSummary } from '../../lib/week-calendar';
import { useInstLabels } from './shared';

interface Filters {
  district?: string;
  q?: string;
  mode?: string;
  unit?: string;
  mine?: boolean;
}

/**
 * 共享仪器 (/instruments): the bookable instruments (others' inactive ones are not listed), filtered by district,
 * words, mode and unit; each opens its week calendar. Providers are told where their own are edited.
 */
export default function InstrumentsPage() {
  const { t } = useTranslation();
  const l = useInstLabels();
  const me = useMe();
  const { page, pageSize, filters, setFilter, onPage } = usePagedFilters<Filters>({});
  const list = useInstrumentPage({ page, pageSize, ...filters });
  const provider = CAPABILITY_OWNERS.includes(me.organization.kind);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ListHeader title={t('inst.list')} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('inst.intro')}
      </Typography.Paragraph>
      {provider && <Alert type="info" showIcon title={t('inst.providerHint')} />}
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('inst.search')}
          aria-label={t('inst.search')}
          style={{ width: 240 }}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('inst.district')}
          aria-label={t('inst.district')}
          style={{ width: 160 }}
          value={filters.district}
          onChange={(v?: string) => setFilter('district', v)}
          options={DISTRICTS.map((d) => ({ value: d, label: l.district(d) }))}
        />
        <Select
          allowClear
          placeholder={t('inst.mode')}
          aria-label={t('inst.mode')}
          style={{ width: 160 }}
          value={filters.mode}
          onChange={(v?: string) => setFilter('mode', v)}
          options={INSTRUMENT_MODES.map((m) => ({ value: m, label: l.mode(m) }))}
        />
        <Select
          allowClear
          placeholder={t('inst.unit')}
          aria-label={t('inst.unit')}
          style={{ width: 140 }}
          value={filters.unit}
          onChange={(v?: string) => setFilter('unit', v)}
          options={INSTRUMENT_UNITS.map((u) => ({ value: u, label: l.unit(u) }))}
        />
        {provider && (
          <Checkbox checked={!!filters.mine} onChange={(e) => setFilter('mine', e.target.checked || undefined)}>
            {t('inst.onlyMine')}
          </Checkbox>
        )}
      </Space>
      <PagedTable<Instrument>
        query={list}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        rowKey="id"
        locale={{ emptyText: t('inst.empty') }}
        columns={[
          {
            title: t('inst.name'),
            dataIndex: 'name',
            render: (name: string, x) => (
              <Space size={4}>
                <Link to={`/instruments/${x.id}`}>{name}</Link>
                {!x.active && <Tag>{t('inst.inactive')}</Tag>}
              </Space>
            ),
          },
          { title: t('inst.model'), dataIndex: 'model', render: (m: string | null) => m || '—' },
          { title: t('inst.provider'), render: (_, x) => x.organizationName ?? '—' },
          { title: t('inst.district'), dataIndex: 'district', render: (d: string) => l.district(d) },
          { title: t('inst.mode'), dataIndex: 'mode', render: (m: string) => l.mode(m) },
          { title: t('inst.price'), render: (_, x) => l.price(x.priceYuan, x.unit) },
          {
            title: t('inst.opening'),
            render: (_, x) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {openingSummary(x.openingHours ?? [], l.weekdayShort) || '—'}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Space>
  );
}
