import type { Taxonomy, TaxonomyCode } from '../api/types';

export interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

/**
 * Cascader options for sector references: the scheme at the top, then its codes as a tree. A chosen path's last
 * element is the `scheme:code` reference.
 */
export function sectorOptions(schemes: readonly Taxonomy[], lang: 'zh' | 'en'): CascaderOption[] {
  return schemes.map((s) => {
    const children = new Map<string | null, TaxonomyCode[]>();
    for (const c of s.codes) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
    const build = (parent: string | null): CascaderOption[] | undefined => {
      const list = children.get(parent);
      if (!list?.length) return undefined;
      return list.map((c) => ({
        value: `${s.scheme}:${c.code}`,
        label: lang === 'en' && c.nameEn ? c.nameEn : c.nameZh,
        children: build(c.code),
      }));
    };
    return {
      value: `scheme:${s.scheme}`,
      label: s.name.split(' / ')[lang === 'en' ? 1 : 0] ?? s.name,
      children: build(null),
    };
  });
}

/** The cascader path (scheme, ancestors…, code) of a reference, for showing a stored value. */
export function pathOf(ref: string, schemes: readonly Taxonomy[]): string[] {
  const i = ref.indexOf(':');
  const scheme = schemes.find((s) => s.scheme === ref.slice(0, i));
  if (!scheme) return [ref];
  const parent = new Map(scheme.codes.map((c) => [c.code, c.parent]));
  const path: string[] = [];
  for (let code: string | null | undefined = ref.slice(i + 1); code; code = parent.get(code))
    path.unshift(`${scheme.scheme}:${code}`);
  return [`scheme:${scheme.scheme}`, ...path];
}

/** A sector reference's display name, e.g. 新能源与节能 › 新型高效能量转换与储存技术. */
export function sectorLabel(ref: string, schemes: readonly Taxonomy[], lang: 'zh' | 'en'): string {
  const i = ref.indexOf(':');
  const scheme = schemes.find((s) => s.scheme === ref.slice(0, i));
  const byCode = new Map(scheme?.codes.map((c) => [c.code, c]) ?? []);
  const names: string[] = [];
  for (let c = byCode.get(ref.slice(i + 1)); c; c = c.parent ? byCode.get(c.parent) : undefined) {
    names.unshift(lang === 'en' && c.nameEn ? c.nameEn : c.nameZh);
  }
  return names.length ? names.join(' › ') : ref;
}

/** Parses a scheme file an admin imports: JSON ({name, codes}) or CSV with columns code, parent, nameZh, nameEn. */
export function parseSchemeFile(
  fileName: string,
  text: string,
  parseCsv: (t: string) => Array<Record<string, string>>,
): { name?: string; codes: Array<{ code: string; parent?: string | null; nameZh: string; nameEn?: string | null }> } {
  const clean = text.replace(/^\uFEFF/, '');
  if (/\.json$/i.test(fileName) || clean.trimStart().startsWith('{')) {
    const parsed = JSON.parse(clean) as { name?: string; codes?: unknown };
    if (!Array.isArray(parsed.codes)) throw new Error('codes');
    return parsed as ReturnType<typeof parseSchemeFile>;
  }
  const rows = parseCsv(clean);
  const pick = (r: Record<string, string>, ...names: string[]) => {
    for (const n of names) {
      const k = Object.keys(r).find((x) => x.trim().toLowerCase() === n.toLowerCase());
      if (k && r[k] !== undefined) return r[k].trim();
    }
    return '';
  };
  return {
    codes: rows
      .map((r) => ({
        code: pick(r, 'code', '代码'),
        parent: pick(r, 'parent', '上级', '上级代码') || null,
        nameZh: pick(r, 'nameZh', 'name_zh', '名称', '中文名称'),
        nameEn: pick(r, 'nameEn', 'name_en', '英文名称') || null,
      }))
      .filter((c) => c.code),
  };
}
