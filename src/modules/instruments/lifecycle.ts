// The state machines of bookings and testing orders: every status change goes through `checkBookingStep` /
// `checkOrderStep`; an illegal step is a 409 naming the allowed next steps.
//
//   booking:  requested ──► confirmed ──► completed
//                │   └──► declined        └──► cancelled
//                └──► cancelled
//   order:    requested ──► accepted ──► samples_received ──► testing ──► report_issued ──► closed
//                │  └► declined/cancelled  │ └► declined/cancelled  └──────────┴──► cancelled (provider, with reason)

import { conflict } from '../../common/errors/app-errors.js';
import type { BookingStatus } from './entities/booking.entity.js';
import type { TestingOrderStatus } from './entities/testing-order.entity.js';

export const BOOKING_NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['confirmed', 'declined', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  declined: [],
  cancelled: [],
  completed: [],
};

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  requested: '待确认 / requested',
  confirmed: '已确认 / confirmed',
  declined: '已拒绝 / declined',
  cancelled: '已取消 / cancelled',
  completed: '已完成 / completed',
};

export const ORDER_NEXT: Record<TestingOrderStatus, readonly TestingOrderStatus[]> = {
  requested: ['accepted', 'declined', 'cancelled'],
  accepted: ['samples_received', 'declined', 'cancelled'],
  samples_received: ['testing', 'cancelled'],
  testing: ['report_issued', 'cancelled'],
  report_issued: ['closed'],
  closed: [],
  declined: [],
  cancelled: [],
};

export const ORDER_STATUS_LABELS: Record<TestingOrderStatus, string> = {
  requested: '待受理 / requested',
  accepted: '已受理 / accepted',
  samples_received: '已收样 / samples received',
  testing: '检测中 / testing',
  report_issued: '已出报告 / report issued',
  closed: '已关闭 / closed',
  declined: '已拒绝 / declined',
  cancelled: '已取消 / cancelled',
};

/** Who acts on a booking or order: its provider (the instrument's / capability's organisation), its enterprise. */
export type Side = 'provider' | 'enterprise' | 'coordinator';

/**
 * Who may take each booking step: the provider confirms, declines, completes and cancels a confirmed booking; the
 * enterprise cancels (requested, or confirmed before the cut-off, checked by the service); coordinators anything.
 */
export function mayTakeBookingStep(side: Side, from: BookingStatus, to: BookingStatus): boolean {
  if (side === 'coordinator') return true;
  if (to === 'cancelled') return side === 'enterprise' || from === 'confirmed';
  return side === 'provider';
}

/**
 * Who may take each order step: the provider accepts, declines, moves it on and uploads the report; the enterprise
 * cancels while requested or accepted and closes an issued report (acknowledged); after samples_received only the
 * provider cancels (with a reason).
 */
export function mayTakeOrderStep(side: Side, from: TestingOrderStatus, to: TestingOrderStatus): boolean {
  if (side === 'coordinator') return true;
  if (to === 'cancelled') {
    return from === 'requested' || from === 'accepted' ? side === 'enterprise' : side === 'provider';
  }
  if (to === 'closed') return side === 'enterprise';
  return side === 'provider';
}

export type StepCheck =
  { ok: true } | { ok: false; reason: 'illegal'; allowed: string[] } | { ok: false; reason: 'forbidden' };

export function checkBookingStep(side: Side, from: BookingStatus, to: BookingStatus): StepCheck {
  const allowed = BOOKING_NEXT[from];
  if (!allowed.includes(to)) return { ok: false, reason: 'illegal', allowed: [...allowed] };
  return mayTakeBookingStep(side, from, to) ? { ok: true } : { ok: false, reason: 'forbidden' };
}

export function checkOrderStep(side: Side, from: TestingOrderStatus, to: TestingOrderStatus): StepCheck {
  const allowed = ORDER_NEXT[from];
  if (!allowed.includes(to)) return { ok: false, reason: 'illegal', allowed: [...allowed] };
  return mayTakeOrderStep(side, from, to) ? { ok: true } : { ok: false, reason: 'forbidden' };
}

/** The steps `side` may take from `from` (for the views' `allowedTransitions`). */
export function allowedBookingSteps(side: Side, from: BookingStatus): BookingStatus[] {
  return BOOKING_NEXT[from].filter((to) => mayTakeBookingStep(side, from, to));
}
export function allowedOrderSteps(side: Side, from: TestingOrderStatus): TestingOrderStatus[] {
  return ORDER_NEXT[from].filter((to) => mayTakeOrderStep(side, from, to));
}

/** The 409 of an illegal step: `不能从 “X” 转到 “Y” / …` with `details.allowed`. */
export function illegalStep(labels: Record<string, string>, from: string, to: string, allowed: string[]): Error {
  const l = (s: string) => labels[s] ?? s;
  return conflict(
    `不能从 “${l(from)}” 转到 “${l(to)}”；` +
      `${allowed.length ? `下一步只能是：${allowed.map(l).join('、')}` : '这是终态，不能再变更'} / ` +
      `cannot move from ${from} to ${to}; ${allowed.length ? `allowed next: ${allowed.join(', ')}` : 'it is final'}`,
    { currentStatus: from, allowed },
  );
}
