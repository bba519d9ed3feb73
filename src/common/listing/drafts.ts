import type { OrganizationKind } from '../domain/vocabulary.js';
import { forbidden, invalidInput } from '../errors/app-errors.js';
import { batchRefused } from './batch.js';
import type { FieldError } from '../errors/error-body.js';
import { resolveOwner, type Actor, type OwnerOrganization } from './ownership.js';

export interface ListingDraft {
  organizationId?: string;
  sectors?: string[];
}

export interface DraftChecks<D extends ListingDraft> {
  actor: Actor;
  /** Null for batch items that already failed validation: they keep their place, and `prior` their errors. */
  drafts: Array<D | null>;
  prior?: FieldError[];
  /** Batches report errors per item (`items[3].title`, index 3); single creates by field name. */
  batch: boolean;
  ownerKinds: readonly OrganizationKind[];
  what: { zh: string; en: string };
  organizations: (ids: string[]) => Promise<OwnerOrganization[]>;
  checkSectors: (lists: Array<{ field: string; sectors: string[]; index?: number }>) => Promise<FieldError[]>;
  /** Rules across fields of one draft; `field` turns a field name into its path. */
  crossField?: (draft: D, field: (name: string) => string) => Array<Omit<FieldError, 'index'>>;
}

/**
 * Checks drafts of new needs or capabilities all at once, before anything is written: owner (403 when the caller
 * may not post for it), sector codes and cross-field rules (400 with every problem). Returns each draft's owner.
 */
export async function checkDrafts<D extends ListingDraft>(
  c: DraftChecks<D>,
): Promise<Array<{ draft: D; owner: OwnerOrganization }>> {
  const field = (i: number) => (name: string) => (c.batch ? `items[${i}].${name}` : name);
  const withIndex = (i: number) => (c.batch ? { index: i } : {});
  const ids = [
    ...new Set([c.actor.organizationId, ...c.drafts.map((d) => d?.organizationId).filter((x): x is string => !!x)]),
  ];
  const orgs = new Map((await c.organizations(ids)).map((o) => [o.id, o]));
  const errors: FieldError[] = [...(c.prior ?? [])];
  const out: Array<{ draft: D; owner: OwnerOrganization }> = [];
  for (let i = 0; i < c.drafts.length; i++) {
    const d = c.drafts[i];
    if (!d) continue;
    const r = resolveOwner(
      c.actor,
      d.organizationId,
      c.ownerKinds,
      (id) => orgs.get(id),
      c.what,
      field(i)('organizationId'),
    );
    if ('forbidden' in r) throw forbidden(r.forbidden);
    if ('error' in r) errors.push({ ...r.error, ...withIndex(i) });
    else out.push({ draft: d, owner: r.owner });
    for (const e of c.crossField?.(d, field(i)) ?? []) errors.push({ ...e, ...withIndex(i) });
  }
  errors.push(
    ...(await c.checkSectors(
      c.drafts.map((d, i) => ({
        field: field(i)('sectors'),
        sectors: d?.sectors ?? [],
        ...(c.batch ? { index: i } : {}),
      })),
    )),
  );
  if (errors.length) {
    errors.sort((a, b) => (a.index ?? 0) - (b.index ?? 0)); // stable: each item's errors keep their order
    throw c.batch ? batchRefused(errors) : invalidInput(errors);
  }
  return out;
}
