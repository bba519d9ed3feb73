import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule } from '../../jobs/jobs.module.js';
import { InstrumentsModule } from '../instruments/instruments.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ClaimsService } from './claims.service.js';
import {
  VoucherClaimEntity,
  VoucherEventEntity,
  VoucherLedgerEntity,
  VoucherProgrammeEntity,
  VoucherProviderFlagEntity,
  VoucherQuotaEntity,
  VoucherSettlementEntity,
} from './entities/voucher.entity.js';
import { ProgrammesService } from './programmes.service.js';
import { SettlementsService } from './settlements.service.js';
import { VoucherAudit } from './voucher-audit.js';
import {
  VoucherClaimsController,
  VoucherProgrammesController,
  VoucherQuotasController,
  VoucherSettlementsController,
  VoucherStatsController,
} from './vouchers.controller.js';

/**
 * Innovation vouchers (创新券): programmes, quotas, claims split between reimbursing bodies, the append-only
 * double-entry ledger, monthly settlements with their GB18030 export, 后补助 provider flags and statistics (issue 14,
 * part B). Claims read module A's service records through ServiceRecordsService.findForClaim.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      VoucherProgrammeEntity,
      VoucherQuotaEntity,
      VoucherSettlementEntity,
      VoucherClaimEntity,
      VoucherLedgerEntity,
      VoucherProviderFlagEntity,
      VoucherEventEntity,
    ]),
    JobsModule,
    NotificationsModule,
    InstrumentsModule,
  ],
  controllers: [
    VoucherProgrammesController,
    VoucherQuotasController,
    VoucherClaimsController,
    VoucherSettlementsController,
    VoucherStatsController,
  ],
  providers: [ProgrammesService, ClaimsService, SettlementsService, VoucherAudit],
})
export class VouchersModule {}
