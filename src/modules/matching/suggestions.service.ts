import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../jobs/unit-of-work.js';
import { CoordinatorAlertsService } from './coordinator-alerts.service.js';
import { MatchesRepository, type PairWrite, type Ranking } from './matches.repository.js';

/**
 * Writing suggestions as one use case: the matches (MatchesRepository's queries) and the coordinators' alerts of the
 * new ones, in one unit of work, so an alert is never sent for a suggestion that was not written.
 */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly matches: MatchesRepository,
    private readonly alerts: CoordinatorAlertsService,
  ) {}

  /**
   * Replaces the suggestions of these needs with their new rankings (see MatchesRepository.writeRankings). Returns
   * how many suggestions were written.
   */
  writeRankings(rankings: Ranking[]): Promise<number> {
    if (!rankings.length) return Promise.resolve(0);
    return this.uow.run(async (tx) => {
      const { written, fresh } = await this.matches.writeRankings(tx.manager, rankings);
      await this.alerts.alert(tx, fresh);
      return written;
    });
  }

  /** Sets (or removes) single pairings from the capability's side (see MatchesRepository.mergePairs). */
  mergePairs(pairs: PairWrite[]): Promise<number> {
    if (!pairs.length) return Promise.resolve(0);
    return this.uow.run(async (tx) => {
      const { written, fresh } = await this.matches.mergePairs(tx.manager, pairs);
      // Told only of the new suggestions that stayed among their needs' best.
      await this.alerts.alert(tx, fresh);
      return written;
    });
  }
}
