import { Module } from '@nestjs/common';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { BookingExpiry } from './booking-expiry.js';
import { InstrumentEventsService, InstrumentsNotifier } from './instrument-events.js';

/** The worker's side of instruments: the hourly expiry of requested bookings whose start passed unconfirmed. */
@Module({
  imports: [JobsModule, NotificationsModule],
  providers: [InstrumentEventsService, InstrumentsNotifier, BookingExpiry],
})
export class InstrumentsWorkerModule {}
