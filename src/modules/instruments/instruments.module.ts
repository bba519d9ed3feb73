import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../../common/files/files.module.js';
import { JobsModule } from '../../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { InstrumentBookingEntity } from './entities/booking.entity.js';
import { InstrumentEventEntity } from './entities/instrument-event.entity.js';
import { InstrumentEntity } from './entities/instrument.entity.js';
import { ServiceRecordEntity } from './entities/service-record.entity.js';
import { TestingOrderEntity } from './entities/testing-order.entity.js';
import { InstrumentEventsService, InstrumentsNotifier } from './instrument-events.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { InstrumentStatsController } from './instrument-stats.controller.js';
import { InstrumentStatsService } from './instrument-stats.service.js';
import { InstrumentsController } from './instruments.controller.js';
import { InstrumentsService } from './instruments.service.js';
import { TestingOrdersController } from './testing-orders.controller.js';
import { TestingOrdersService } from './testing-orders.service.js';
import { ServiceRecordsController } from './service-records.controller.js';
import { ServiceRecordsService } from './service-records.service.js';

/**
 * Shared instruments and testing services: instruments, bookings, testing orders, service records (issue 14, part A).
 * Exports ServiceRecordsService (vouchers claim service records through `findForClaim`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      InstrumentEntity,
      InstrumentBookingEntity,
      TestingOrderEntity,
      ServiceRecordEntity,
      InstrumentEventEntity,
    ]),
    JobsModule,
    NotificationsModule,
    FilesModule,
  ],
  controllers: [
    InstrumentsController,
    BookingsController,
    TestingOrdersController,
    ServiceRecordsController,
    InstrumentStatsController,
  ],
  providers: [
    InstrumentEventsService,
    InstrumentsNotifier,
    ServiceRecordsService,
    InstrumentsService,
    BookingsService,
    TestingOrdersService,
    InstrumentStatsService,
  ],
  exports: [ServiceRecordsService, InstrumentEventsService, InstrumentsNotifier, BookingsService],
})
export class InstrumentsModule {}
