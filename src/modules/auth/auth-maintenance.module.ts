import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { affected } from '../../database/query.js';
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
      affected(this.dataSource, `DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`, []),
    );
    this.retention.register('rate_counters', () =>
      affected(this.dataSource, `DELETE FROM rate_counters WHERE expires_at < now() - interval '1 hour'`, []),
    );
    this.retention.register('login_known_addresses', () =>
      affected(
        this.dataSource,
        `DELETE FROM login_known_addresses WHERE last_success_at < now() - interval '30 days'`,
        [],
      ),
    );
  }
}

/** What the worker process needs of auth: only the clean-up of its tables (no routes, no guard). */
@Module({ imports: [JobsModule], providers: [AuthRetention] })
export class AuthMaintenanceModule {}
