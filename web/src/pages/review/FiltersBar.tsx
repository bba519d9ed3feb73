import { InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { BANDS, DISTRICTS, MATCH_STATUSES } from '../../api/vocabulary.gen';
import { SectorCascader } from '../../components/sectors';
import { options, useLabels } from '../../hooks/useLabels';
import type { QueueFilters, Sort } from './useQueueFilters';

/** The queue's filters: status, minimum score, district, sector, bands, and the order. */
export function FiltersBar({
  filters,
  change,
  onStatusChange,
}: {
  filters: QueueFilters;
  change: <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) => void;
  /** A new status shows other matches: nothing stays selected. */
  onStatusChange: () => void;
}) {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <Space wrap>
      <Select
        style={{ width: 120 }}
        value={filters.status}
        options={options(MATCH_STATUSES, l.matchStatus)}
        onChange={(v) => {
          change('status', v);
          onStatusChange();
        }}
      />
      <InputNumber
        min={0}
        max={1}
        step={0.05}
        placeholder={t('review.minScore')}
        value={filters.minScore}
        onChange={(v) => change('minScore', v)}
        style={{ width: 120 }}
      />
      <Select
        allowClear
        showSearch
        placeholder={t('common.district')}
        style={{ width: 140 }}
        options={options(DISTRICTS, l.district)}
        value={filters.district}
        onChange={(v) => change('district', v)}
      />
      <div style={{ width: 260 }}>
        <SectorCascader
          value={filters.sector}
          onChange={(v) => change('sector', v.slice(-1))}
          placeholder={t('listing.sectors')}
        />
      </div>
      <Select
        mode="multiple"
        allowClear
        aria-label={t('review.band')}
        placeholder={t('review.band')}
        style={{ minWidth: 140 }}
        options={options(BANDS, l.band)}
        value={filters.bands}
        onChange={(v) => change('bands', v)}
      />
      <Select<Sort>
        aria-label={t('review.sort')}
        style={{ width: 200 }}
        value={filters.sort}
        options={[
          { value: '-score', label: t('review.sortScore') },
          { value: 'band', label: t('review.sortBand') },
          { value: '-createdAt', label: t('review.sortNewest') },
        ]}
        onChange={(v) => change('sort', v)}
      />
    </Space>
  );
}
