// The console's names for the instrument routes' shapes (仪器共享预约、委托检测、服务记录: src/modules/instruments):
// the server's own schemas (schema.gen.ts, generated from the OpenAPI document). The lists below are the console's
// order of the schemas' enums; the state machines' `*_NEXT` tables only back the steps bars (the buttons follow
// each view's `allowedTransitions`).
import type { components } from './schema.gen';

type S = components['schemas'];

export type Instrument = S['InstrumentView'];
export type InstrumentMode = Instrument['mode'];
export type InstrumentUnit = Instrument['unit'];
export const INSTRUMENT_MODES: readonly InstrumentMode[] = ['assisted', 'self_service'];
export const INSTRUMENT_UNITS: readonly InstrumentUnit[] = ['hour', 'sample'];

/** One opening window of a weekday (Mon = 1 … Sun = 7), Harbin wall-clock `HH:MM`, on 30-minute boundaries. */
export type OpeningWindow = S['OpeningWindowDto'];
export type NamedRef = S['NamedRef'];

/**
 * What the provider writes (POST /capabilities/:id/instruments, PATCH /instruments/:id). `active` and
 * `minNoticeHours` have server defaults, so they are optional here although the document lists them as required.
 */
export type InstrumentInput = Omit<S['CreateInstrumentDto'], 'active' | 'minNoticeHours'> &
  Partial<Pick<S['CreateInstrumentDto'], 'active' | 'minNoticeHours'>>;

/** An interval of the calendar: ISO-8601 instants. */
export type CalendarInterval = S['CalendarSlot'];
/** A booked interval: the enterprise is named only to the provider, coordinators and that enterprise itself. */
export type TakenInterval = S['CalendarBooking'];
export type CalendarDay = S['CalendarDay'];
/** A week of an instrument's calendar, with the window in which it may be booked now (`bookableFrom`/`Until`). */
export type InstrumentCalendar = S['CalendarView'];

export type BookingStatus = S['BookingView']['status'];
/** A step the caller may ask for (POST /bookings/:id/transitions). */
export type BookingStep = S['BookingTransitionDto']['to'];
/** A booking; its `allowedTransitions` (a plain string list in the document) are the steps of the transition route. */
export type Booking = Omit<S['BookingView'], 'allowedTransitions'> & { allowedTransitions: BookingStep[] };
export const BOOKING_STATUSES: readonly BookingStatus[] = [
  'requested',
  'confirmed',
  'declined',
  'cancelled',
  'completed',
];
/** The booking state machine (the server's lifecycle.ts): what may follow each status. */
export const BOOKING_NEXT: Record<BookingStatus, BookingStatus[]> = {
  requested: ['confirmed', 'declined', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  declined: [],
  cancelled: [],
  completed: [],
};

/** Who the caller is to a booking, order or record. */
export type ViewerRole = Booking['viewerRole'];
export type BookingInput = S['CreateBookingDto'];
export type BookingTransition = S['BookingTransitionDto'];

export type TestingOrderStatus = S['TestingOrderView']['status'];
/** A step of the transition route (POST /testing-orders/:id/transitions); `report_issued` is the report's upload. */
export type TestingOrderStep = S['TestingOrderTransitionDto']['to'];
/** An order; its `allowedTransitions` (a plain string list in the document) narrowed to the order's steps. */
export type TestingOrder = Omit<S['TestingOrderView'], 'allowedTransitions'> & {
  allowedTransitions: (TestingOrderStep | 'report_issued')[];
};
export const TESTING_ORDER_STATUSES: readonly TestingOrderStatus[] = [
  'requested',
  'accepted',
  'samples_received',
  'testing',
  'report_issued',
  'closed',
  'declined',
  'cancelled',
];
/** The main path of a testing order, for the steps bar. */
export const TESTING_ORDER_PATH: readonly TestingOrderStatus[] = [
  'requested',
  'accepted',
  'samples_received',
  'testing',
  'report_issued',
  'closed',
];
export const TESTING_ORDER_NEXT: Record<TestingOrderStatus, TestingOrderStatus[]> = {
  requested: ['accepted', 'declined', 'cancelled'],
  accepted: ['samples_received', 'declined', 'cancelled'],
  samples_received: ['testing', 'cancelled'],
  testing: ['report_issued', 'cancelled'],
  report_issued: ['closed'],
  closed: [],
  declined: [],
  cancelled: [],
};
/** The PDF report: stored with its SHA-256, verified on download. */
export type TestingOrderReport = S['TestingReportView'];
export type TestingOrderInput = S['CreateTestingOrderDto'];
export type TestingOrderTransition = S['TestingOrderTransitionDto'];

export type ServiceRecord = S['ServiceRecordView'];
export type ServiceRecordSource = ServiceRecord['source'];
export type PaymentInput = S['PaymentDto'];
export type RatingInput = S['RatingDto'];
