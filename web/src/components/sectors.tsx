import { Cascader, Space, Tag } from 'antd';
import { useMemo } from 'react';
import { useLabels } from '../hooks/useLabels';
import { useTaxonomies } from '../api/taxonomies';
import { pathOf, sectorLabel, sectorOptions } from '../lib/taxonomy';

/** A multiple-choice cascader over every sector scheme; its value is a list of `scheme:code` references. */
export function SectorCascader({
  value,
  onChange,
  id,
  placeholder,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  id?: string;
  placeholder?: string;
}) {
  const schemes = useTaxonomies();
  const { lang } = useLabels();
  const opts = useMemo(() => sectorOptions(schemes, lang), [schemes, lang]);
  const paths = (value ?? []).map((ref) => pathOf(ref, schemes));
  return (
    <Cascader
      id={id}
      multiple
      showSearch
      changeOnSelect
      maxTagCount="responsive"
      options={opts}
      value={paths}
      placeholder={placeholder}
      showCheckedStrategy={Cascader.SHOW_CHILD}
      onChange={(v) => {
        const refs = (v as string[][]).map((p) => p[p.length - 1]).filter((r) => r && !r.startsWith('scheme:'));
        onChange?.([...new Set(refs)]);
      }}
      style={{ width: '100%' }}
    />
  );
}

/** A sector reference's name in the current language; `visitor`: for pages read without signing in (the halls). */
export function useSectorLabel({ visitor = false }: { visitor?: boolean } = {}): (ref: string) => string {
  const schemes = useTaxonomies({ visitor });
  const { lang } = useLabels();
  return (ref) => sectorLabel(ref, schemes, lang);
}

export function SectorTags({ sectors, visitor = false }: { sectors: readonly string[]; visitor?: boolean }) {
  const label = useSectorLabel({ visitor });
  if (!sectors.length) return <>—</>;
  return (
    <Space size={[4, 4]} wrap>
      {sectors.map((s) => (
        <Tag key={s} color="blue" title={s}>
          {label(s)}
        </Tag>
      ))}
    </Space>
  );
}
