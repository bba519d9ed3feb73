import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, get, patch, post } from './client';
import type {
  Booking,
  BookingInput,
  BookingTransition,
  Instrument,
  InstrumentCalendar,
  InstrumentInput,
  PaymentInput,
  RatingInput,
  ServiceRecord,
  TestingOrder,
  TestingOrderInput,
  TestingOrderTransition,
} from './instrument-types';
import type { Page } from './types';

// 仪器共享与检验检测 (src/modules/instruments): instruments of `equipment` capabilities and their week calendars,
// bookings, testing orders of `service` capabilities with their PDF reports, and the service records both leave.
// A write refreshes everything under `instruments` (a confirmed booking changes the calendar, a completed one adds a
// service record): the lists are small and the pages few.

export interface InstrumentQuery {
  page: number;
  pageSize: number;
  district?: string;
  q?: string;
  mode?: string;
  unit?: string;
  /** Only the caller's organisation's instruments (inactive ones too). */
  mine?: boolean;
}

export interface SideQuery {
  page: number;
  pageSize: number;
  role?: 'provider' | 'enterprise';
  status?: string;
  instrumentId?: string;
}

export interface ServiceRecordQuery {
  page: number;
  pageSize: number;
  role?: 'provider' | 'enterprise';
  paid?: boolean;
  kind?: string;
}

export const instrumentKeys = {
  all: ['instruments'] as const,
  list: (q: InstrumentQuery) => ['instruments', 'list', q] as const,
  ofCapability: (id: string | undefined) => ['instruments', 'capability', id] as const,
  detail: (id: string | undefined) => ['instruments', 'detail', id] as const,
  calendar: (id: string | undefined, week: string) => ['instruments', 'calendar', id, week] as const,
  bookings: (q: SideQuery) => ['instruments', 'bookings', q] as const,
  orders: (q: SideQuery) => ['instruments', 'orders', q] as const,
  order: (id: string | undefined) => ['instruments', 'order', id] as const,
  records: (q: ServiceRecordQuery) => ['instruments', 'records', q] as const,
};

const noRetryOn4xx = (n: number, e: Error) => !(e instanceof ApiError && e.status < 500) && n < 1;

export function useInstrumentPage(q: InstrumentQuery) {
  return useQuery({
    queryKey: instrumentKeys.list(q),
    queryFn: () => get<Page<Instrument>>('/instruments', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useCapabilityInstruments(capabilityId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: instrumentKeys.ofCapability(capabilityId),
    queryFn: () => get<{ items: Instrument[] } | Instrument[]>(`/capabilities/${capabilityId}/instruments`),
    select: (r) => (Array.isArray(r) ? r : r.items),
    enabled: enabled && !!capabilityId,
    retry: noRetryOn4xx,
  });
}

export function useInstrument(id: string | undefined) {
  return useQuery({
    queryKey: instrumentKeys.detail(id),
    queryFn: () => get<Instrument>(`/instruments/${id}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useInstrumentCalendar(id: string | undefined, week: string) {
  return useQuery({
    queryKey: instrumentKeys.calendar(id, week),
    queryFn: () => get<InstrumentCalendar>(`/instruments/${id}/calendar`, { week }),
    enabled: !!id,
    placeholderData: (prev) => prev,
    retry: noRetryOn4xx,
  });
}

export function useBookingPage(q: SideQuery) {
  return useQuery({
    queryKey: instrumentKeys.bookings(q),
    queryFn: () => get<Page<Booking>>('/bookings', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useTestingOrderPage(q: SideQuery) {
  return useQuery({
    queryKey: instrumentKeys.orders(q),
    queryFn: () => get<Page<TestingOrder>>('/testing-orders', { ...q }),
    placeholderData: (prev) => prev,
  });
}

export function useTestingOrder(id: string | undefined) {
  return useQuery({
    queryKey: instrumentKeys.order(id),
    queryFn: () => get<TestingOrder>(`/testing-orders/${id}`),
    enabled: !!id,
    retry: noRetryOn4xx,
  });
}

export function useServiceRecordPage(q: ServiceRecordQuery) {
  return useQuery({
    queryKey: instrumentKeys.records(q),
    queryFn: () => get<Page<ServiceRecord>>('/service-records', { ...q }),
    placeholderData: (prev) => prev,
  });
}

/** A write under this module: whatever the answer (a 409 means someone moved first), everything is read again. */
function useWrite<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => void qc.invalidateQueries({ queryKey: instrumentKeys.all }),
  });
}

/** Adds an instrument to an `equipment` capability (no id) or changes one. */
export const useSaveInstrument = (capabilityId: string) =>
  useWrite(({ id, body }: { id?: string; body: Partial<InstrumentInput> }) =>
    id
      ? patch<Instrument>(`/instruments/${id}`, body)
      : post<Instrument>(`/capabilities/${capabilityId}/instruments`, body),
  );

export const useRequestBooking = (instrumentId: string | undefined) =>
  useWrite((body: BookingInput) => post<Booking>(`/instruments/${instrumentId}/bookings`, body));

export const useBookingStep = () =>
  useWrite(({ id, ...body }: BookingTransition & { id: string }) => post<Booking>(`/bookings/${id}/transitions`, body));

export const useRequestTestingOrder = (capabilityId: string) =>
  useWrite((body: TestingOrderInput) => post<TestingOrder>(`/capabilities/${capabilityId}/testing-orders`, body));

export const useTestingOrderStep = () =>
  useWrite(({ id, ...body }: TestingOrderTransition & { id: string }) =>
    post<TestingOrder>(`/testing-orders/${id}/transitions`, body),
  );

/** Uploads the PDF report as the raw request body (the route reads its own body). */
export const useUploadReport = (orderId: string | undefined) =>
  useWrite((file: File) =>
    api<TestingOrder>('PUT', `/testing-orders/${orderId}/report?filename=${encodeURIComponent(file.name)}`, file, {
      contentType: 'application/pdf',
    }),
  );

export const reportUrl = (orderId: string) => `/api/v1/testing-orders/${orderId}/report`;

export const useRecordPayment = () =>
  useWrite(({ id, ...body }: PaymentInput & { id: string }) =>
    post<ServiceRecord>(`/service-records/${id}/payment`, body),
  );

export const useRateService = () =>
  useWrite(({ id, ...body }: RatingInput & { id: string }) =>
    post<ServiceRecord>(`/service-records/${id}/rating`, body),
  );
