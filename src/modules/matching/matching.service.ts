import { Injectable, Logger } from '@nestjs/common';
import type { CatalogChangePayload } from '../../jobs/queues.js';

/** Use cases of the matching worker. */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger('Matching');

  needChanged(change: CatalogChangePayload): Promise<void> {
    this.logger.log({ change }, 'need changed');
    return Promise.resolve();
  }

  capabilityChanged(change: CatalogChangePayload): Promise<void> {
    this.logger.log({ change }, 'capability changed');
    return Promise.resolve();
  }
}
