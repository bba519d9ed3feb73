import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import { ExternalServiceError } from '../../jobs/job-runner.js';
import type { AppConfig } from '../../config/app-config.js';

/** E-mails an event to every user whose inbox got it and who has not been e-mailed it yet (SMTP_URL). */
@Injectable()
export class EmailSenderService implements OnModuleDestroy {
  private readonly logger = new Logger('Email');
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
    this.from = config.smtpFrom;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  async send(eventId: string): Promise<{ sent: number }> {
    if (!this.transport) return { sent: 0 };
    const rows = await this.dataSource.query<
      Array<{ id: string; email: string; name: string; title: string; body: string }>
    >(
      `SELECT n.id, u.email, u.name, e.title, e.body
         FROM notifications n JOIN users u ON u.id = n.user_id JOIN notification_events e ON e.id = n.event_id
        WHERE n.event_id = $1 AND n.emailed_at IS NULL AND u.active`,
      [eventId],
    );
    let sent = 0;
    let retry: Error | null = null;
    for (const r of rows) {
      // Each recipient is marked as soon as its message is accepted: a retry mails only the rest. An address the
      // server refuses for good (5xx) is logged and skipped, so it cannot hold back everyone after it.
      try {
        await this.transport.sendMail({
          from: this.from,
          to: { name: r.name, address: r.email },
          subject: `【科技成果转化对接平台】${r.title}`,
          text: `${r.name}，您好：\n\n${r.title}\n\n${r.body}\n\n—— 科技成果转化对接平台 / Tech-transfer matchmaking service`,
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500) {
          this.logger.warn({ eventId, to: r.email, code }, 'e-mail refused for good; not retried');
        } else {
          retry = new ExternalServiceError(`SMTP: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        continue;
      }
      await this.dataSource.query(`UPDATE notifications SET emailed_at = now() WHERE id = $1`, [r.id]);
      sent++;
    }
    if (sent) this.logger.log({ eventId, sent }, 'notification e-mailed');
    if (retry) throw retry;
    return { sent };
  }
}
