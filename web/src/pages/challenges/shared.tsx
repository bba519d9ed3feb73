import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { ApplicationStatus, Challenge, ChallengeStatus } from '../../api/challenge-types';
import type { Me } from '../../api/types';
import { useLabels } from '../../hooks/useLabels';
import { formatYuan } from '../../lib/hall';
import { atLeast } from '../../lib/roles';

// What the challenge pages share: labels of their vocabularies, status tags, amounts and dates, who the caller is
// to a challenge, and the words of a refused request.

const STATUS_COLOR: Record<ChallengeStatus, string> = {
  draft: 'default',
  pending_approval: 'orange',
  published: 'green',
  reviewing: 'blue',
  notice: 'purple',
  awarded: 'gold',
  completed: 'cyan',
  failed: 'red',
};

export function useChLabels() {
  const { t } = useTranslation();
  const l = useLabels();
  return {
    ...l,
    status: (s: string) => t(`chEnums.status.${s}`, { defaultValue: s }),
    appStatus: (s: string) => t(`chEnums.appStatus.${s}`, { defaultValue: s }),
    fundingSource: (s: string) => t(`chEnums.fundingSource.${s}`, { defaultValue: s }),
    criterion: (c: string) => t(`ch.criterion.${c}`, { defaultValue: c }),
    yuan: (n: number | null | undefined) => (n == null ? '—' : formatYuan(n, l.lang)),
    date: (d: string | null | undefined) => (d ? dayjs(d).format('YYYY-MM-DD') : '—'),
    time: (d: string | null | undefined) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—'),
  };
}

export function ChallengeStatusTag({ status }: { status: string }) {
  const l = useChLabels();
  return <Tag color={STATUS_COLOR[status as ChallengeStatus] ?? 'default'}>{l.status(status)}</Tag>;
}

const APP_COLOR: Partial<Record<ApplicationStatus, string>> = {
  submitted: 'blue',
  withdrawn: 'default',
  shortlisted: 'geekblue',
  intended_winner: 'purple',
  winner: 'gold',
  not_shortlisted: 'default',
  not_selected: 'default',
};

export function ApplicationStatusTag({ status }: { status: string }) {
  const l = useChLabels();
  return <Tag color={APP_COLOR[status as ApplicationStatus] ?? 'default'}>{l.appStatus(status)}</Tag>;
}

/** Who the caller is to a challenge: a coordinator, a member of the issuing enterprise, or anyone else. */
export function roleIn(me: Me, c: Pick<Challenge, 'issuer'>) {
  const coordinator = atLeast(me.user.role, 'coordinator');
  const issuer = c.issuer?.id === me.organization.id;
  return { coordinator, issuer };
}

/** Whether the signed-in user is an expert (the `expert` flag on users). */
export const isExpert = (me: Me): boolean => me.user.expert;

/**
 * A refused request in words: the server's own message (bilingual), and for a 409 the steps allowed from where the
 * challenge now stands.
 */
export function useErrorText() {
  const { t } = useTranslation();
  const l = useChLabels();
  return (e: unknown): string => {
    if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
    const fields = e.fieldErrors.map((f) => f.message);
    const details = e.body?.details as { allowed?: string[] } | undefined;
    const allowed = e.status === 409 && Array.isArray(details?.allowed) ? details.allowed : null;
    const main = fields.length ? fields.join('；') : e.message;
    return allowed
      ? `${main}（${t('ch.conflictAllowed', { allowed: allowed.map(l.status).join('、') || '—' })}）`
      : main;
  };
}

export const sum = (xs: ReadonlyArray<number | null | undefined>): number =>
  xs.reduce<number>((a, x) => a + (typeof x === 'number' && Number.isFinite(x) ? x : 0), 0);

export const score = (n: number | null | undefined, digits = 2) => (n == null ? '—' : n.toFixed(digits));
