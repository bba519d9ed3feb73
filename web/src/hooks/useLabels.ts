import { useTranslation } from 'react-i18next';
import { DISTRICT_EN } from '../i18n/resources';

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
      !d ? '—' : en ? (DISTRICT_EN[d] ?? d) : d === 'outside' ? t('enums.district.outside') : d,
  };
}

/** Options for a Select over a vocabulary. */
export function options(values: readonly string[], label: (v: string) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}

export const NEED_KINDS = ['technical_problem', 'talent', 'equipment_access', 'testing', 'joint_rnd'];
export const CAPABILITY_KINDS = ['achievement', 'patent', 'expertise', 'equipment', 'service', 'platform'];
export const COOPERATION_MODES = [
  'commissioned_development',
  'joint_development',
  'transfer',
  'license',
  'consulting',
  'technical_service',
  'equity',
  'joint_lab',
  'talent_secondment',
];
export const IP_STATUSES = ['patent_granted', 'patent_pending', 'software_copyright', 'trade_secret', 'none', 'other'];
export const ORG_KINDS = [
  'enterprise',
  'university',
  'research_institute',
  'lab',
  'government',
  'intermediary',
  'investor',
];
export const MATCH_STATUSES = [
  'suggested',
  'approved',
  'rejected',
  'introduced',
  'negotiating',
  'contracted',
  'closed_no_deal',
];

export const BANDS = ['high', 'medium', 'low'] as const;
export const REJECT_REASONS = [
  'not_relevant',
  'stage_mismatch',
  'unclear_need',
  'already_cooperating',
  'other',
] as const;
