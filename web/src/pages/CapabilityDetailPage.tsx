import { Button, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCapabilityMatches } from '../api/capabilities';
import type { Capability } from '../api/types';
import { useMe } from '../auth/session';
import { ListingDetail } from '../components/listing/ListingDetail';
import { MatchCards } from '../components/MatchCards';
import { useLabels } from '../hooks/useLabels';
import { atLeast } from '../lib/roles';
import { CapabilityInstruments } from './instruments/CapabilityInstruments';
import { OrderTestingCard } from './instruments/OrderTesting';

/** A capability's matches, for its owner's members and coordinators. */
function CapabilityMatchesSection({ capability }: { capability: Capability }) {
  const { t } = useTranslation();
  const me = useMe();
  const matches = useCapabilityMatches(capability.id, true);
  const shown = (matches.data?.items ?? []).filter(
    (m) => atLeast(me.user.role, 'coordinator') || m.status !== 'suggested',
  );
  return (
    <MatchCards matches={shown} side="capability" title={t('capability.matchesTitle')} empty={t('need.matchesEmpty')} />
  );
}

export default function CapabilityDetailPage() {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <ListingDetail
      kind="capabilities"
      statusLabel={(c) => l.capabilityStatus(c.status)}
      kindItem={(c) => ({ label: t('capability.kind'), value: l.capabilityKind(c.kind) })}
      statusActions={(c, set) =>
        c.status === 'active' ? (
          <Button onClick={() => set('withdrawn')}>{t('capability.withdraw')}</Button>
        ) : (
          <Button onClick={() => set('active')}>{t('capability.reactivate')}</Button>
        )
      }
      items={(c) => ({
        early: (
          <>
            <Descriptions.Item label={t('capability.trl')}>{c.trl ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('capability.ipStatus')}>{l.ipStatus(c.ipStatus)}</Descriptions.Item>
          </>
        ),
        late: (
          <>
            <Descriptions.Item label={t('common.district')}>{l.district(c.district)}</Descriptions.Item>
            <Descriptions.Item label={t('capability.maxActiveIntroductions')}>
              {c.maxActiveIntroductions ?? '—'}
            </Descriptions.Item>
          </>
        ),
      })}
      confirmDelete={t('capability.confirmDelete')}
      after={(c, mayAct) => (
        <>
          {c.kind === 'equipment' && <CapabilityInstruments capability={c} mayAct={mayAct} />}
          {c.kind === 'service' && <OrderTestingCard capability={c} mayAct={mayAct} />}
          {mayAct && <CapabilityMatchesSection capability={c} />}
        </>
      )}
    />
  );
}
