import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MaintenanceJobsService } from '../../jobs/maintenance-jobs.service.js';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { BOOKING_SELECT, type BookingRow } from './bookings.service.js';
import { InstrumentEventsService, InstrumentsNotifier } from './instrument-events.js';
import { harbinIso } from './rules.js';

/** The reason written on a requested booking whose start passed unconfirmed. */
export const EXPIRED_REASON = '预约开始前未获确认，已自动失效 / expired unconfirmed';
/** The maintenance job's name and scheduler. */
export const INSTRUMENT_JOBS = {
  expireBookings: 'instruments.expire-bookings',
  closeReported: 'instruments.close-reported-orders',
} as const;
export const EXPIRE_BOOKINGS_SCHEDULER = 'instruments-expire-bookings-hourly';
export const CLOSE_REPORTED_SCHEDULER = 'instruments-close-reported-daily';
/** Days after its report an order the enterprise has not acknowledged is closed by the job. */
export const AUTO_CLOSE_DAYS = 14;

/**
 * The worker's jobs: hourly, requested bookings whose start passed unconfirmed are declined; daily, testing orders
 * whose report was issued 14 days ago and not acknowledged are closed. Each audited and notified.
 */
@Injectable()
export class BookingExpiry implements OnModuleInit {
  private readonly logger = new Logger('BookingExpiry');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly events: InstrumentEventsService,
    private readonly notifier: InstrumentsNotifier,
    private readonly maintenance: MaintenanceJobsService,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({
      name: INSTRUMENT_JOBS.expireBookings,
      handler: async () => ({ expired: await this.expireUnconfirmed() }),
      schedulerId: EXPIRE_BOOKINGS_SCHEDULER,
      schedule: { everyMs: 3_600_000 },
    });
    this.maintenance.register({
      name: INSTRUMENT_JOBS.closeReported,
      handler: async () => ({ closed: await this.closeReported() }),
      schedulerId: CLOSE_REPORTED_SCHEDULER,
      schedule: { pattern: '30 3 * * *' },
    });
  }

  /** Testing orders `report_issued` for 14 days and more become `closed` (audited, both sides told). */
  async closeReported(limit = 500): Promise<number> {
    const due = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM testing_orders WHERE status = 'report_issued'
          AND report_issued_at <= now() - make_interval(days => $1) ORDER BY report_issued_at LIMIT $2`,
      [AUTO_CLOSE_DAYS, limit],
    );
    let n = 0;
    for (const { id } of due) {
      n += await this.uow.run(async (tx) => {
        const [o] = await tx.manager.query<
          Array<{ id: string; provider: string; enterprise: string; samples: string; standard: string }>
        >(
          `SELECT id, provider_organization_id AS provider, enterprise_organization_id AS enterprise, samples, standard
             FROM testing_orders
            WHERE id = $1 AND status = 'report_issued' AND report_issued_at <= now() - make_interval(days => $2)
            FOR UPDATE SKIP LOCKED`,
          [id, AUTO_CLOSE_DAYS],
        );
        if (!o) return 0;
        await tx.manager.query(
          `UPDATE testing_orders SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1`,
          [id],
        );
        const note = `出具报告 ${AUTO_CLOSE_DAYS} 天后自动关闭 / closed automatically ${AUTO_CLOSE_DAYS} days after the report`;
        await this.events.record(tx, {
          subject: 'testing_order',
          subjectId: id,
          actorId: null,
          kind: 'auto_closed',
          fromStatus: 'report_issued',
          toStatus: 'closed',
          note,
        });
        await this.notifier.notify(tx, {
          type: 'testing_order.closed',
          organizationIds: [o.enterprise, o.provider],
          title: '检测订单已自动关闭 / testing order closed automatically',
          body: `${o.samples}（${o.standard}）\n${note}`,
          payload: { testingOrderId: id, status: 'closed' },
        });
        return 1;
      });
    }
    if (n) this.logger.log({ closed: n }, 'testing orders closed after their report');
    return n;
  }

  /**
   * The expiry job: requested bookings whose start has passed become `declined` with EXPIRED_REASON, each audited
   * and both sides told, one transaction per booking. Answers how many.
   */
  async expireUnconfirmed(limit = 500): Promise<number> {
    const due = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM instrument_bookings WHERE status = 'requested' AND lower(period) <= now()
        ORDER BY lower(period) LIMIT $1`,
      [limit],
    );
    let n = 0;
    for (const { id } of due) {
      n += await this.uow.run(async (tx) => {
        const [b] = await tx.manager.query<BookingRow[]>(
          `${BOOKING_SELECT} WHERE b.id = $1 AND b.status = 'requested' AND lower(b.period) <= now() FOR UPDATE OF b SKIP LOCKED`,
          [id],
        );
        if (!b) return 0;
        await tx.manager.query(
          `UPDATE instrument_bookings SET status = 'declined', reason = $2, decided_at = now(), updated_at = now()
            WHERE id = $1`,
          [id, EXPIRED_REASON],
        );
        await this.events.record(tx, {
          subject: 'booking',
          subjectId: id,
          actorId: null,
          kind: 'expired',
          fromStatus: 'requested',
          toStatus: 'declined',
          note: EXPIRED_REASON,
        });
        await this.notifier.notify(tx, {
          type: 'booking.expired',
          organizationIds: [b.enterpriseOrganizationId, b.providerOrganizationId],
          title: `仪器预约已自动失效：${b.instrumentName} / booking expired unconfirmed`,
          body: `${harbinIso(b.from)} – ${harbinIso(b.to)}\n${EXPIRED_REASON}`,
          payload: { bookingId: id, instrumentId: b.instrumentId, status: 'declined' },
        });
        return 1;
      });
    }
    if (n) this.logger.log({ expired: n }, 'requested bookings expired unconfirmed');
    return n;
  }
}
