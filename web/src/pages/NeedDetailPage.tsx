import { Alert, Button, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNeedMatches } from '../api/needs';
import type { Need } from '../api/types';
import { useMe } from '../auth/session';
import { ListingDetail } from '../components/listing/ListingDetail';
import { MatchCards } from '../components/MatchCards';
import { NoSuitableMatch } from '../components/NoSuitableMatch';
import { useLabels } from '../hooks/useLabels';
import { atLeast } from '../lib/roles';

/** A need's matches for its owner's members and coordinators, or why there are none yet. */
function NeedMatchesSection({ need }: { need: Need }) {
  const { t } = useTranslation();
  const me = useMe();
  const matches = useNeedMatches(need.id, true);
  const shown = (matches.data?.items ?? []).filter(
    (m) => atLeast(me.user.role, 'coordinator') || m.status !== 'suggested',
  );
  // Only an open need is matched: a paused or closed one has no ranking to speak of.
  const ranking = need.status === 'open' ? matches.data?.ranking : undefined;
  return (
    <>
      {ranking?.state === 'pending' && <Alert type="info" showIcon title={t('need.rankingPending')} />}
      {ranking?.state === 'no_suitable_match' && shown.length === 0 ? (
        <NoSuitableMatch needId={need.id} ranking={ranking} />
      ) : (
        <MatchCards matches={shown} side="need" title={t('need.matchesTitle')} empty={t('need.matchesEmpty')} />
      )}
    </>
  );
}

export default function NeedDetailPage() {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <ListingDetail
      kind="needs"
      statusLabel={(n) => l.needStatus(n.status)}
      kindItem={(n) => ({ label: t('need.kind'), value: l.needKind(n.kind) })}
      statusActions={(n, set) => (
        <>
          {n.status === 'open' && <Button onClick={() => set('paused')}>{t('need.pause')}</Button>}
          {n.status !== 'open' && <Button onClick={() => set('open')}>{t('need.reopen')}</Button>}
          {n.status !== 'closed' && <Button onClick={() => set('closed')}>{t('need.close')}</Button>}
        </>
      )}
      items={(n) => ({
        early: null,
        late: (
          <>
            <Descriptions.Item label={t('need.budget')}>
              {n.budget.min == null && n.budget.max == null
                ? '—'
                : `${n.budget.min?.toLocaleString() ?? '…'} – ${n.budget.max?.toLocaleString() ?? '…'}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('need.deadline')}>{n.deadline ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('common.district')}>{l.district(n.district)}</Descriptions.Item>
            <Descriptions.Item label={t('need.visibility')}>{l.visibility(n.visibility)}</Descriptions.Item>
          </>
        ),
      })}
      confirmDelete={t('need.confirmDelete')}
      after={(n, mayAct) => mayAct && <NeedMatchesSection need={n} />}
    />
  );
}
