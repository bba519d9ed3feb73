import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { BookingStatus, TestingOrderStatus } from '../../api/instrument-types';
import { useMe } from '../../auth/session';
import { useLabels } from '../../hooks/useLabels';
import { formatYuan } from '../../lib/hall';
import { atLeast, CAPABILITY_OWNERS } from '../../lib/roles';
import { harbinDateTime, harbinPeriod } from '../../lib/week-calendar';
import './i18n';

// What the instrument pages share: labels of their vocabularies, status tags, amounts and Harbin times, and the
// words of a refused request.

const BOOKING_COLOR: Record<BookingStatus, string> = {
  requested: 'orange',
  confirmed: 'blue',
  declined: 'default',
  cancelled: 'default',
  completed: 'green',
};

const ORDER_COLOR: Record<TestingOrderStatus, string> = {
  requested: 'orange',
  accepted: 'blue',
  samples_received: 'geekblue',
  testing: 'purple',
  report_issued: 'cyan',
  closed: 'green',
  declined: 'default',
  cancelled: 'default',
};

export function useInstLabels() {
  const { t } = useTranslation();
  const l = useLabels();
  return {
    ...l,
    mode: (m: string) => t(`inst.modes.${m}`, { defaultValue: m }),
    unit: (u: string) => t(`inst.units.${u}`, { defaultValue: u }),
    weekday: (d: number) => t(`inst.weekday.${d}`, { defaultValue: String(d) }),
    weekdayShort: (d: number) => t(`inst.weekdayShort.${d}`, { defaultValue: String(d) }),
    bookingStatus: (s: string) => t(`inst.bookingStatus.${s}`, { defaultValue: s }),
    bookingStep: (s: string) => t(`inst.bookingStep.${s}`, { defaultValue: s }),
    orderStatus: (s: string) => t(`inst.orderStatus.${s}`, { defaultValue: s }),
    orderStep: (s: string) => t(`inst.orderStep.${s}`, { defaultValue: s }),
    source: (s: string) => t(`inst.sources.${s}`, { defaultValue: s }),
    serviceKind: (s: string) => t(`inst.kinds.${s}`, { defaultValue: s }),
    yuan: (n: number | null | undefined) => (n == null ? '—' : formatYuan(n, l.lang)),
    price: (n: number, unit: string) =>
      t('inst.priceValue', { price: formatYuan(n, l.lang), unit: t(`inst.units.${unit}`, { defaultValue: unit }) }),
    time: harbinDateTime,
    period: (from: string | null | undefined, to: string | null | undefined) =>
      from && to ? harbinPeriod(from, to) : '—',
    date: (d: string | null | undefined) => (d ? d.slice(0, 10) : '—'),
  };
}

export function BookingStatusTag({ status }: { status: string }) {
  const l = useInstLabels();
  return <Tag color={BOOKING_COLOR[status as BookingStatus] ?? 'default'}>{l.bookingStatus(status)}</Tag>;
}

export function OrderStatusTag({ status }: { status: string }) {
  const l = useInstLabels();
  return <Tag color={ORDER_COLOR[status as TestingOrderStatus] ?? 'default'}>{l.orderStatus(status)}</Tag>;
}

/**
 * A refused request in words: the server's own message (bilingual), its field errors, and for a 409 the steps
 * allowed from where the booking or order now stands (`label` names them).
 */
export function useInstErrorText(label?: (s: string) => string) {
  const { t } = useTranslation();
  return (e: unknown): string => {
    if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
    const fields = e.fieldErrors.map((f) => f.message);
    const details = e.body?.details as { allowed?: string[] } | undefined;
    const allowed = e.status === 409 && Array.isArray(details?.allowed) ? details.allowed : null;
    const main = fields.length ? fields.join('；') : e.message;
    if (!allowed || !label || main.includes('下一步只能是')) return main;
    return `${main}（${t('inst.allowedNext', { allowed: allowed.map(label).join('、') || '—' })}）`;
  };
}

/** The side tabs of a list: an enterprise's own, a provider's received, or everything for coordinators. */
export type Side = 'enterprise' | 'provider' | 'all';

/** The tabs a user has: an enterprise's own bookings, a provider's received ones, everything for coordinators. */
export function useSides(): Side[] {
  const me = useMe();
  if (atLeast(me.user.role, 'coordinator')) return ['all'];
  const sides: Side[] = [];
  if (me.organization.kind === 'enterprise') sides.push('enterprise');
  if (CAPABILITY_OWNERS.includes(me.organization.kind)) sides.push('provider');
  return sides.length ? sides : ['enterprise'];
}

/** The i18n key of a side's tab on the bookings, orders or records page. */
export const sideLabel = (page: 'bookings' | 'orders' | 'records', side: Side) => `inst.tabs.${page}.${side}`;
