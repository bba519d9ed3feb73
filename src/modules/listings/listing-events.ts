import { Injectable } from '@nestjs/common';
import type { Tx } from '../../jobs/unit-of-work.js';
import type { CatalogEntity, CatalogOp } from './catalog-change.entity.js';

/** One write's change of listings, as recorded in the change sequence (catalog_changes). */
export interface ListingChange {
  kind: CatalogEntity;
  ids: string[];
  op: CatalogOp;
  /** The first and last of the write's positions in the sequence (one per listing, in one transaction). */
  firstSeq: number;
  lastSeq: number;
}

/**
 * What another module does when listings change, inside the writing transaction, so that its own records stand or
 * fall with the change. Listings announce; the module that keeps records about listings (matching) decides what
 * happens to them. Listings never write those records themselves.
 */
export interface ListingEventHandler {
  /**
   * Listings were created, edited (a status change included: a need paused or closed, a capability withdrawn) or
   * deleted. Called once the change is in the sequence.
   */
  changed(tx: Tx, change: ListingChange): Promise<void>;
  /**
   * Listings are about to be deleted: their rows, and with them (by cascade) whatever refers to them, are still there.
   * A handler may refuse the deletion by throwing an error the API answers with (a conflict).
   */
  deleting(tx: Tx, kind: CatalogEntity, ids: string[]): Promise<void>;
}

/**
 * The hook between listings and the modules that react to them: handlers register at start (in their module's
 * onModuleInit), listings announce through it. Dependencies keep pointing one way: listings know this interface,
 * never matching.
 */
@Injectable()
export class ListingEvents {
  private readonly handlers: ListingEventHandler[] = [];

  register(handler: ListingEventHandler): void {
    this.handlers.push(handler);
  }

  async changed(tx: Tx, change: ListingChange): Promise<void> {
    this.assertHeard();
    for (const h of this.handlers) await h.changed(tx, change);
  }

  async deleting(tx: Tx, kind: CatalogEntity, ids: string[]): Promise<void> {
    this.assertHeard();
    for (const h of this.handlers) await h.deleting(tx, kind, ids);
  }

  // A process that writes listings without the module that matches them would leave them unmatched for ever: a
  // wiring mistake, refused loudly rather than lost.
  private assertHeard(): void {
    if (!this.handlers.length) throw new Error('listings changed but no module listens (is MatchesModule loaded?)');
  }
}
