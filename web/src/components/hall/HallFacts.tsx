import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { HallKind, HallItemOf } from '../../api/hall';
import { useLabels } from '../../hooks/useLabels';
import { budgetText } from '../../lib/hall';

/** What the halls say about a listing besides its words, as label/value pairs: budget and deadline, or TRL and IP. */
export function useHallFacts() {
  const { t } = useTranslation();
  const l = useLabels();
  const date = (d: string) => dayjs(d).format('YYYY-MM-DD');
  return {
    date,
    kindLabel: (kind: HallKind, value: string) => (kind === 'needs' ? l.needKind(value) : l.capabilityKind(value)),
    own: <K extends HallKind>(kind: K, x: HallItemOf[K]): Array<{ label: string; value: string }> => {
      if (kind === 'needs') {
        const n = x as HallItemOf['needs'];
        const budget = budgetText(n.budgetMin, n.budgetMax, l.lang, {
          from: (min) => t('hall.budgetFrom', { min }),
          upTo: (max) => t('hall.budgetUpTo', { max }),
        });
        return [
          { label: t('hall.budget'), value: budget ?? t('hall.budgetOpen') },
          { label: t('hall.deadline'), value: n.deadline ?? t('hall.noDeadline') },
        ];
      }
      const c = x as HallItemOf['capabilities'];
      return [
        { label: t('hall.facetTrl'), value: c.trl == null ? '—' : t('hall.trlLevel', { level: c.trl }) },
        { label: t('hall.ipStatus'), value: l.ipStatus(c.ipStatus) },
      ];
    },
  };
}
