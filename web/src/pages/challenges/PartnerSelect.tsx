import { Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationDirectory } from '../../api/organizations';
import { useChLabels } from './shared';

/** An organisation the picker can show: from the directory, or already in the application being changed. */
export interface PartnerOrg {
  id: string;
  name: string;
  kind: string;
  district: string;
}

const PAGE_SIZE = 20;

/** The value, once it has stopped changing for `ms`: one request per pause in typing, not one per key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A consortium partner, found by part of its name in the organisations' directory (name · kind · district) and
 * kept as its id: a Form.Item's control (`value`, `onChange`). `exclude`: organisations never offered (the
 * applicant itself, the issuer, the other rows' partners); `known`: organisations already chosen, shown by name.
 */
export function PartnerSelect({
  value,
  onChange,
  exclude,
  known = [],
  id,
  'aria-label': ariaLabel,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  exclude: ReadonlyArray<string | undefined>;
  known?: readonly PartnerOrg[];
  id?: string;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const l = useChLabels();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<PartnerOrg>();
  const q = useSettled(search.trim(), 250);
  const directory = useOrganizationDirectory({ q: q || undefined, page: 1, pageSize: PAGE_SIZE });

  const found = (directory.data?.items ?? []).filter((o) => !exclude.includes(o.id));
  const chosen = [picked, ...known].find((o) => o && o.id === value);
  const shown = chosen && !found.some((o) => o.id === chosen.id) ? [chosen, ...found] : found;
  const more = (directory.data?.total ?? 0) - (directory.data?.items.length ?? 0);
  const facts = (o: PartnerOrg) => `${l.orgKind(o.kind)} · ${l.district(o.district)}`;

  return (
    <Select<string, { value: string; label: string; org: PartnerOrg }>
      id={id}
      aria-label={ariaLabel}
      value={value || undefined}
      placeholder={t('ch.partnerSearch')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={directory.isFetching}
      options={shown.map((o) => ({ value: o.id, label: o.name, org: o }))}
      optionRender={(option) => (
        <Space size={4} wrap={false}>
          <span>{option.data.org.name}</span>
          <Typography.Text type="secondary">· {facts(option.data.org)}</Typography.Text>
        </Space>
      )}
      labelRender={({ value: v, label }) => {
        const o = [chosen, ...shown].find((x) => x?.id === v);
        return o ? `${o.name} · ${facts(o)}` : label;
      }}
      notFoundContent={
        directory.isFetching
          ? t('common.loading')
          : directory.error
            ? t('common.error')
            : q
              ? t('ch.partnerNone')
              : t('common.none')
      }
      popupRender={(menu) => (
        <>
          {menu}
          {more > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px' }}>
              {t('ch.partnerMore', { n: more })}
            </Typography.Text>
          )}
        </>
      )}
      onChange={(v, option) => {
        setPicked(option && !Array.isArray(option) ? option.org : undefined);
        setSearch('');
        onChange?.(v);
      }}
      style={{ width: '100%' }}
    />
  );
}
