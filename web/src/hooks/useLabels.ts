import { useTranslation } from 'react-i18next';
import { DISTRICT_EN } from '../i18n/districts';

/** Labels for the API's fixed vocabularies in the current language. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const label = (group: string) => (value: string | null | undefined) =>
    value ? t(`enums.${group}.${value}`, { defaultValue: value }) : '—';
  return {
    lang: en ? ('en' as const) : ('zh' as const),
    role: label('role'),
    orgKind: label('orgKind'),
    needKind: label('needKind'),
    capabilityKind: label('capabilityKind'),
    cooperation: label('cooperation'),
    ipStatus: label('ipStatus'),
    visibility: label('visibility'),
    needStatus: label('needStatus'),
    capabilityStatus: label('capabilityStatus'),
    matchStatus: label('matchStatus'),
    relation: label('relation'),
    factor: label('factor'),
    band: label('band'),
    rejectReason: label('rejectReason'),
    district: (d: string | null | undefined) =>
      !d
        ? '—'
        : en
          ? ((DISTRICT_EN as Record<string, string>)[d] ?? d)
          : d === 'outside'
            ? t('enums.district.outside')
            : d,
  };
}

/** Options for a Select over a vocabulary. */
export function options(values: readonly string[], label: (v: string) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}
