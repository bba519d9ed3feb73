import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '../../database/query.js';
import { JobsModule } from '../../jobs/jobs.module.js';
import { RetentionService } from '../../jobs/retention.service.js';

/** Ended sessions, spent rate counters and long-unused known addresses are dropped by the daily retention job. */
@Injectable()
export class AuthRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // A session is kept a day past its end, so a sign-out's effect can still be seen in the table meanwhile.
    this.retention.register('sessions', () =>
      deleteInBatches(this.dataSource, 'sessions', `expires_at < now() - interval '1 day'`, []),
    );
    this.retention.register('rate_counters', () =>
      deleteInBatches(this.dataSource, 'rate_counters', `expires_at < now() - interval '1 hour'`, []),
    );
    this.retention.register('login_known_addresses', () =>
      deleteInBatches(this.dataSource, 'login_known_addresses', `last_success_at < now() - interval '30 days'`, []),
    );
  }
}

/** What the worker process needs of auth: only the clean-up of its tables (no routes, no guard). */
@Module({ imports: [JobsModule], providers: [AuthRetention] })
export class AuthMaintenanceModule {}
