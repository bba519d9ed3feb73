import { Cascader } from 'antd';
import { useMemo } from 'react';
import { useTaxonomies } from '../../api/taxonomies';
import { useLabels } from '../../hooks/useLabels';
import { pathOf, sectorOptions } from '../../lib/taxonomy';

/** One sector (a `scheme:code` reference) from every sector scheme: a post's field. */
export function SectorPicker({
  value,
  onChange,
  id,
  placeholder,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
  placeholder?: string;
}) {
  const schemes = useTaxonomies();
  const { lang } = useLabels();
  const opts = useMemo(() => sectorOptions(schemes, lang), [schemes, lang]);
  return (
    <Cascader
      id={id}
      showSearch
      changeOnSelect
      options={opts}
      value={value ? pathOf(value, schemes) : undefined}
      placeholder={placeholder}
      onChange={(v) => {
        const path: string[] = v ?? [];
        const last = path[path.length - 1];
        onChange?.(last && !last.startsWith('scheme:') ? last : undefined);
      }}
      style={{ width: '100%' }}
    />
  );
}
