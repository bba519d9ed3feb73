import { CloseOutlined, FilterOutlined } from '@ant-design/icons';
import { Button, Col, Collapse, Empty, Grid, Input, Pagination, Radio, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useHallPage, type HallKind } from '../../api/hall';
import type { HallFacets } from '../../api/types';
import { HallCard } from '../../components/hall/HallCard';
import { HallFacetList } from '../../components/hall/HallFacetList';
import { useHallFacts } from '../../components/hall/HallFacts';
import { HallProblem } from '../../components/hall/HallProblem';
import { useSectorLabel } from '../../components/sectors';
import { Loading } from '../../components/states';
import { useLabels } from '../../hooks/useLabels';
import { effectiveSort, HALL_PAGE_SIZES, hallQueryOf, withHallChange, type HallFilter } from '../../lib/hall';

type Facet = 'kind' | 'district' | 'sector' | 'trl';

/**
 * 需求大厅 (/hall/needs) and 成果大厅 (/hall/capabilities): public listings, searched and faceted, for anyone when the
 * server's halls are public. Everything the visitor chose lives in the address, so a search can be shared and the
 * back button undoes the last change.
 */
export default function HallPage({ kind }: { kind: HallKind }) {
  const { t } = useTranslation();
  const l = useLabels();
  const facts = useHallFacts();
  const sectorLabel = useSectorLabel({ visitor: true });
  const narrow = !Grid.useBreakpoint().lg;
  const [params, setParams] = useSearchParams();
  const query = hallQueryOf(kind, params);
  const list = useHallPage(kind, query);
  const change = (c: Parameters<typeof withHallChange>[1]) => setParams(withHallChange(params, c));
  const choose = (facet: HallFilter) => (value: string | undefined) => change({ [facet]: value });

  const title = t(`hall.${kind}`);
  const header = (
    <div>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Text type="secondary">{t(`hall.${kind}Intro`)}</Typography.Text>
    </div>
  );
  if (list.error instanceof ApiError && list.error.status === 401) {
    return (
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {header}
        <HallProblem error={list.error} kind={kind} />
      </Space>
    );
  }

  const facetLabel: Record<Facet, (v: string) => string> = {
    kind: (v) => facts.kindLabel(kind, v),
    district: l.district,
    sector: sectorLabel,
    trl: (v) => t('hall.trlLevel', { level: v }),
  };
  const facetTitle: Record<Facet, string> = {
    kind: t('hall.facetKind'),
    district: t('hall.facetDistrict'),
    sector: t('hall.facetSector'),
    trl: t('hall.facetTrl'),
  };
  const facets: Facet[] =
    kind === 'capabilities' ? ['kind', 'district', 'sector', 'trl'] : ['kind', 'district', 'sector'];
  const chosen: Record<Facet, string | undefined> = {
    kind: query.kind,
    district: query.district,
    sector: query.sector,
    trl: query.trl === undefined ? undefined : String(query.trl),
  };
  const active = facets.filter((f) => chosen[f] !== undefined);
  const counts = (f: Facet): HallFacets[Facet] => list.data?.facets[f] ?? [];
  const facetPanel = (
    <div>
      {facets.map((f) => (
        <HallFacetList
          key={f}
          title={facetTitle[f]}
          counts={counts(f) ?? []}
          chosen={chosen[f]}
          label={facetLabel[f]}
          onChoose={choose(f)}
        />
      ))}
    </div>
  );

  const data = list.data;
  const filtered = active.length > 0 || !!query.q;
  const results = list.error ? (
    <HallProblem
      error={list.error}
      kind={kind}
      q={query.q}
      onClearWords={() => change({ q: undefined })}
      retry={() => void list.refetch()}
    />
  ) : !data ? (
    <Loading />
  ) : data.items.length === 0 ? (
    <Empty
      style={{ padding: '32px 0' }}
      description={
        filtered ? (
          <>
            <div>{t(kind === 'needs' ? 'hall.emptyNeeds' : 'hall.emptyCapabilities')}</div>
            <div>{t('hall.emptyHint')}</div>
          </>
        ) : (
          t(kind === 'needs' ? 'hall.hallEmptyNeeds' : 'hall.hallEmptyCapabilities')
        )
      }
    >
      {filtered && <Button onClick={() => setParams(new URLSearchParams())}>{t('hall.clearAll')}</Button>}
    </Empty>
  ) : (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ol aria-label={title} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}>
        {data.items.map((item) => (
          <li key={item.id}>
            <HallCard kind={kind} item={item} search={params.toString() ? `?${params.toString()}` : ''} />
          </li>
        ))}
      </ol>
      <nav aria-label={t('hall.pages')} style={{ display: 'flex', justifyContent: 'center' }}>
        <Pagination
          current={data.page}
          pageSize={data.pageSize}
          total={data.total}
          size={narrow ? 'small' : undefined}
          showSizeChanger={!narrow}
          pageSizeOptions={[...HALL_PAGE_SIZES]}
          showTotal={narrow ? undefined : (n) => t('common.total', { count: n })}
          onChange={(page, pageSize) => {
            change(pageSize !== data.pageSize ? { pageSize } : { page, pageSize });
            window.scrollTo({ top: 0 });
          }}
        />
      </nav>
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <div role="search">
        <Input.Search
          key={`${kind}:${query.q ?? ''}`}
          defaultValue={query.q ?? ''}
          aria-label={t('hall.searchLabel')}
          placeholder={t(kind === 'needs' ? 'hall.searchNeeds' : 'hall.searchCapabilities')}
          enterButton={t('common.search')}
          allowClear
          size="large"
          maxLength={100}
          onSearch={(v) => change({ q: v.trim() || undefined })}
        />
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, justifyContent: 'space-between' }}>
        <Space size={8} wrap aria-live="polite">
          <Typography.Text strong>{data ? t('hall.found', { count: data.total }) : ' '}</Typography.Text>
          {list.isFetching && <Spin size="small" />}
        </Space>
        <Space size={8} wrap>
          <Typography.Text type="secondary" id={`${kind}-sort`}>
            {t('hall.sort')}
          </Typography.Text>
          <Radio.Group
            aria-labelledby={`${kind}-sort`}
            optionType="button"
            size="small"
            value={effectiveSort(query)}
            onChange={(e) => change({ sort: e.target.value as string })}
            options={[
              { value: 'relevance', label: t('hall.sortRelevance'), disabled: !query.q },
              { value: 'newest', label: t('hall.sortNewest') },
            ]}
          />
        </Space>
      </div>
      {(active.length > 0 || query.q) && (
        <Space size={[8, 8]} wrap aria-label={t('hall.active')}>
          <Typography.Text type="secondary">{t('hall.active')}</Typography.Text>
          {query.q && (
            <Button
              size="small"
              icon={<CloseOutlined />}
              iconPlacement="end"
              onClick={() => change({ q: undefined })}
              aria-label={`${t('hall.clear')} ${t('hall.searchWords', { q: query.q })}`}
            >
              {t('hall.searchWords', { q: query.q })}
            </Button>
          )}
          {active.map((f) => (
            <Button
              key={f}
              size="small"
              icon={<CloseOutlined />}
              iconPlacement="end"
              onClick={() => choose(f)(undefined)}
              aria-label={`${t('hall.clear')} ${facetTitle[f]}`}
            >
              {t('hall.fact', { label: facetTitle[f] })}
              {facetLabel[f](chosen[f]!)}
            </Button>
          ))}
          <Button size="small" type="link" onClick={() => setParams(new URLSearchParams())}>
            {t('hall.clearAll')}
          </Button>
        </Space>
      )}
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={6}>
          {narrow ? (
            <Collapse
              size="small"
              items={[
                {
                  key: 'facets',
                  label: (
                    <span>
                      <FilterOutlined /> {t('hall.filters')}
                      {active.length ? ` (${active.length})` : ''}
                    </span>
                  ),
                  children: facetPanel,
                },
              ]}
            />
          ) : (
            <aside aria-label={t('hall.filters')}>{facetPanel}</aside>
          )}
        </Col>
        <Col xs={24} lg={18}>
          {results}
        </Col>
      </Row>
    </Space>
  );
}
