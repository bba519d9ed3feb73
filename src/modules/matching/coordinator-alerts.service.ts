import { Injectable } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import { NotificationsService, type NotificationDraft } from '../notifications/notifications.service.js';
import { MatchesRepository, type Inserted } from './matches.repository.js';

/**
 * Coordinators who set a score threshold hear of new suggestions at or above it: one inbox message per coordinator
 * and write (a catalogue import does not send a thousand), listing the best of them.
 */
@Injectable()
export class CoordinatorAlertsService {
  constructor(
    private readonly matches: MatchesRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** In the unit of work that wrote `fresh` (the suggestions it inserted). */
  async alert(tx: Tx, fresh: Inserted[]): Promise<void> {
    if (!fresh.length) return;
    // Most writes find no coordinator watching: ask that first, and only then which new suggestions stayed.
    const watchers = await this.notifications.scoreWatchers(
      tx.manager,
      fresh.reduce((best, w) => Math.max(best, w.score), 0),
    );
    if (!watchers.length) return;
    const stayed = await this.matches.stillSuggested(
      tx.manager,
      fresh.map((w) => w.id),
    );
    const drafts = watchers.flatMap((u): NotificationDraft[] => {
      const hits = stayed.filter((w) => w.score >= u.minScore).sort((a, b) => b.score - a.score);
      if (!hits.length) return [];
      return [
        {
          type: 'match.suggested',
          // No match id: the message outlives any one suggestion (a later ranking may replace it).
          matchId: null,
          title: `${hits.length} 条新推荐得分不低于 ${u.minScore} / ${hits.length} new suggestion(s) scoring at least ${u.minScore}`,
          body: `最高得分 ${hits[0].score.toFixed(4)}，请到审核队列查看 / best ${hits[0].score.toFixed(4)}; see the review queue`,
          payload: { matchIds: hits.slice(0, 50).map((w) => w.id), count: hits.length, threshold: u.minScore },
          userIds: [u.id],
        },
      ];
    });
    if (drafts.length) await this.notifications.record(tx, drafts);
  }
}
